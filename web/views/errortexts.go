package views

import "net/http"

var errorTexts = map[int]struct {
	title string
	body  []string
	// contact leads into whom to contact ("If you think you should have access, contact"), on the
	// pages where a person needs someone to act; empty on the others.
	contact string
}{
	http.StatusBadRequest: {"There is a problem with your request", []string{
		"The portal could not understand what your browser sent. Go back and try again."}, ""},
	http.StatusForbidden: {"You do not have access to this page", nil,
		"If you think you should have access, contact"},
	http.StatusNotFound: {"Page not found", []string{
		"If you typed the web address, check it is correct.",
		"If you pasted the web address, check you copied the entire address."},
		"If a link in the portal brought you here, tell"},
	http.StatusConflict: {"This has changed since you opened it", []string{
		"Someone else has changed it in the meantime. Go back, open the page again to see what they did, and try again."}, ""},
	http.StatusMethodNotAllowed: {"This page cannot do that", []string{
		"The page exists, but not for the kind of request your browser sent. Go back and try again."}, ""},
	http.StatusRequestEntityTooLarge: {"What you sent is too large", []string{
		"Nothing was saved. Go back, make what you send smaller, and try again."}, ""},
	http.StatusInternalServerError: {"Sorry, there is a problem with the service", []string{
		"Try again later. Nothing you sent in this last step has been saved."},
		"If the problem continues, give the reference below to"},
	http.StatusServiceUnavailable: {"Sorry, the service is unavailable", []string{
		"Try again in a few minutes. Nothing you sent in this last step has been saved."}, ""},
}

// ErrorView is what an error page says: its heading and paragraphs, whom to contact and where home is.
type ErrorView struct {
	Heading    string
	Paragraphs []string
	// ContactLead leads into whom to contact ("If you think you should have access, contact"); empty
	// on pages that need no one.
	ContactLead string
	// Contact is whom: the business unit of the page's partnership, or of the person's own.
	Contact ErrorContact
	// HomeHref is the person's home (their partnership's home view, or the portal's front page).
	HomeHref string
}

// ErrorContact names the business unit to contact; an empty Name is "your partnership's business
// unit", an empty Email gives no address.
type ErrorContact struct {
	Name  string
	Email string
}

// Who is the contact in words: "the HSSCP business unit", or "your partnership's business unit"
// when the partnership is not known.
func (c ErrorContact) Who() string {
	if c.Name == "" {
		return "your partnership's business unit"
	}
	return "the " + c.Name + " business unit"
}

// NewErrorView is the page for an error status, in plain words that never include Go error text,
// naming contact and linking to home. A status without its own words is answered as 500.
func NewErrorView(status int, contact ErrorContact, home string) (int, ErrorView) {
	t, ok := errorTexts[status]
	if !ok {
		status = http.StatusInternalServerError
		t = errorTexts[status]
	}
	if home == "" {
		home = "/"
	}
	return status, ErrorView{Heading: t.title, Paragraphs: append([]string(nil), t.body...), ContactLead: t.contact,
		Contact: contact, HomeHref: home}
}
