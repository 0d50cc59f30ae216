package testkit

import "net/url"

// KLOEForm is a complete KLOE request to hsscp as its new-request form posts it: KLOEAnswers
// with a fresh form key from the blank form and the button pressed (continue or draft), for a
// test that then posts it as it likes.
func (c *Client) KLOEForm(db Row, action string) url.Values {
	c.t.Helper()
	v := KLOEAnswers(c.t, db)
	v.Set("form_key", c.MustStartForm("/hsscp/kloe/new"))
	v.Set("action", action)
	return v
}
