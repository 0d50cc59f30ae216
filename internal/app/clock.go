package app

import (
	"strings"
	"time"
)

// Clock is a time of day in the UK as GOV.UK's style writes it: "9:30am", "2pm", "midday",
// "midnight". Pages, e-mails and the e-bulletin all write times this one way.
func Clock(t time.Time) string {
	t = t.In(London)
	switch {
	case t.Hour() == 0 && t.Minute() == 0:
		return "midnight"
	case t.Hour() == 12 && t.Minute() == 0:
		return "midday"
	case t.Minute() == 0:
		return strings.ToLower(t.Format("3PM"))
	}
	return strings.ToLower(t.Format("3:04PM"))
}
