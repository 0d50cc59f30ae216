// Package views holds the portal's templ components and pages. Pages take a typed view model built
// by the HTTP layer; nothing here queries the database or reads the request.
package views

// ServiceName is the name of the service, shown in the header and every page title.
const ServiceName = "Safeguarding Children Partnership Portal"

// Page is what every page needs besides its own content: built once per request by the HTTP
// layer's view-model constructor.
type Page struct {
	// Title is the page's own title; the layout adds the service name.
	Title string
	// Nav is the navigation for the person viewing the page.
	Nav []NavLink
	// RequestID identifies the request in the logs; error pages show it as a reference.
	RequestID string
}

// NavLink is one entry of the header navigation.
type NavLink struct {
	Label   string
	Href    string
	Current bool
}
