// Package views holds the portal's templ components and pages. Pages take a typed view model built
// by the HTTP layer; nothing here queries the database or reads the request.
package views

import (
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zone database

	"github.com/scp-portal/portal/internal/app"
)

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
	// User is the person signed in, or nil.
	User *CurrentUser
	// Partnership is the partnership whose pages these are, or nil on the portal's own pages.
	Partnership *Brand
	// Flash is a one-off message confirming what the person just did.
	Flash string
	// Confidential shows the banner of pages holding special category data.
	Confidential bool
	// CSVHref is the list's download as CSV with the page's filters (DownloadHref); empty when the
	// page offers none, or the person may not download it.
	CSVHref string
}

// CurrentUser is the signed-in person, as the header shows them.
type CurrentUser struct {
	Name  string
	Email string
	// Home is the path of their home view.
	Home string
	// Partnerships are the partnerships they work in, when there is more than one: the header
	// links to each one's home (issue #12), the page's marked current.
	Partnerships []PartnershipLink
}

// PartnershipLink is one of a person's partnerships in the header's switcher.
type PartnershipLink struct {
	Name, Href string
	Current    bool
}

// Brand is what a partnership's pages show of it.
type Brand struct {
	Slug      string
	Name      string
	ShortName string
	Href      string // its public page
	ThemeCSS  string // its colours
}

// NavLink is one entry of the header navigation.
type NavLink struct {
	Label   string
	Href    string
	Current bool
	More    bool // in the "More" menu, not among the top items (NewNav)
}

func itoa(i int) string { return strconv.Itoa(i) }

func itoa64(i int64) string { return strconv.FormatInt(i, 10) }

// date writes a date the GOV.UK way: 4 June 2026.
func date(t time.Time) string { return t.Format("2 January 2006") }

// plural writes a count with the right noun: "1 person", "3 people".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// london is the time zone people read times in.
var london = app.London

// dateTime writes a moment in UK time: 4 June 2026 at 2:05pm (midday, midnight: app.Clock).
func dateTime(t time.Time) string {
	return t.In(london).Format("2 January 2006") + " at " + app.Clock(t)
}

// joinStrings lists names as a sentence does: "a; b; c".
func joinStrings(names []string) string { return strings.Join(names, "; ") }
