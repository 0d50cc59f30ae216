// Package web holds the portal's front end: the templ views (in views/) and the static assets
// (in static/), embedded in the binary and served under names that carry a hash of their content,
// so browsers may cache them for a year and still never see a stale file.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// StaticPrefix is where the assets are served.
const StaticPrefix = "/static/"

type asset struct {
	body        []byte
	contentType string
}

var (
	hashedName = map[string]string{} // "app.css" -> "app.1a2b3c4d5e6f.css"
	byHashed   = map[string]asset{}  // "app.1a2b3c4d5e6f.css" -> content
)

func init() {
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		hashedName[name] = hashed
		byHashed[hashed] = asset{body: body, contentType: mime.TypeByExtension(ext)}
		return nil
	})
	if err != nil {
		panic("web: reading embedded assets: " + err.Error())
	}
}

// Asset returns the URL path of the static file name (as under static/), with its content hash.
// It panics on a name that is not there: a mistyped asset is a programming error found by any test
// that renders the page.
func Asset(name string) string {
	h, ok := hashedName[name]
	if !ok {
		panic("web: no static asset " + name)
	}
	return StaticPrefix + h
}

// StaticHandler serves the assets by their hashed names, cacheable for a year; any other name is
// not found.
func StaticHandler(notFound http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := byHashed[strings.TrimPrefix(r.URL.Path, StaticPrefix)]
		if !ok {
			notFound.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", a.contentType)
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		_, _ = w.Write(a.body)
	})
}
