package partnership

import (
	"testing"

	"github.com/scp-portal/portal/internal/app"
)

// The banner colour carries white text, so it must pass WCAG AA contrast.
func TestSettingsColourMustCarryWhiteText(t *testing.T) {
	cases := []struct {
		colour string
		ok     bool
	}{
		{"#1d70b8", true},  // GOV.UK blue, 5.2:1
		{"#4b2e83", true},  // deep purple
		{"#000000", true},  // black, 21:1
		{"#ffdd00", false}, // GOV.UK yellow, about 1.4:1
		{"#ffffff", false}, // white on white
		{"#1d70b", false},  // malformed
	}
	for _, c := range cases {
		in := SettingsInput{Area: "Example", Colour: c.colour}
		bad := app.FieldMessage(in.Validate(), "colour") != ""
		if bad == c.ok {
			t.Errorf("colour %s: accepted=%v, want %v", c.colour, !bad, c.ok)
		}
	}
	if r := contrastWithWhite("#000000"); r < 20.9 || r > 21.1 {
		t.Errorf("black on white contrast = %.2f, want 21", r)
	}
}
