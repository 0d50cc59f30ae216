package server

import (
	"net/http"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/form"
)

// pathID reads the id in the path segment {name}; one that is not an id is not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, ok := form.ParseID(urlParam(r, name))
	if !ok {
		return 0, app.NotFoundError("server: no such " + name)
	}
	return id, nil
}

// optionalPathID reads the id in the path segment {name}, or 0 when the route has none (the
// same handler adds a record and changes one).
func optionalPathID(r *http.Request, name string) (int64, error) {
	if urlParam(r, name) == "" {
		return 0, nil
	}
	return pathID(r, name)
}
