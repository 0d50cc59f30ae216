package paths

import "testing"

// TestQueryKeepsTheOrderAndEscapes: a filtered list's link names its filters in the order given,
// each escaped, and a path with no filters is itself.
func TestQueryKeepsTheOrderAndEscapes(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{Query(Inbox("hsscp"), "status", "received", "kind", "cspr"), "/hsscp/inbox?status=received&kind=cspr"},
		{Query(Themes("hsscp"), "status", "a&b=c"), "/hsscp/themes?status=a%26b%3Dc"},
		{Query(Inbox("hsscp")), "/hsscp/inbox"},
		{SignInThen("/hsscp/home?x=1"), "/sign-in?next=%2Fhsscp%2Fhome%3Fx%3D1"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
