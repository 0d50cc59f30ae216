package views

import "net/http"

var errorTexts = map[int]struct {
	title string
	body  []string
}{
	http.StatusBadRequest: {"There is a problem with your request", []string{
		"The portal could not understand what your browser sent. Go back and try again."}},
	http.StatusForbidden: {"You do not have access to this page", []string{
		"If you think you should, contact your partnership's business unit."}},
	http.StatusNotFound: {"Page not found", []string{
		"If you typed the web address, check it is correct.",
		"If you pasted the web address, check you copied the entire address."}},
	http.StatusConflict: {"This has changed since you opened it", []string{
		"Someone else has changed it in the meantime. Go back, open the page again to see what they did, and try again."}},
	http.StatusMethodNotAllowed: {"This page cannot do that", []string{
		"The page exists, but not for the kind of request your browser sent. Go back and try again."}},
	http.StatusRequestEntityTooLarge: {"What you sent is too large", []string{
		"Nothing was saved. Go back, make what you send smaller, and try again."}},
	http.StatusInternalServerError: {"Sorry, there is a problem with the service", []string{
		"Try again later. Nothing you sent in this last step has been saved.",
		"If the problem continues, contact your partnership's business unit and give them the reference below."}},
	http.StatusServiceUnavailable: {"Sorry, the service is unavailable", []string{
		"Try again in a few minutes. Nothing you sent in this last step has been saved."}},
}

// ErrorText returns the title and paragraphs of the page for an error status, in plain words that
// never include Go error text. A status without its own words is answered as 500.
func ErrorText(status int) (int, string, []string) {
	t, ok := errorTexts[status]
	if !ok {
		status = http.StatusInternalServerError
		t = errorTexts[status]
	}
	return status, t.title, append([]string(nil), t.body...)
}
