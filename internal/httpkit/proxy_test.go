package httpkit_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/scp-portal/portal/internal/httpkit"
	"github.com/scp-portal/portal/internal/identity"
)

// Behind a trusted load balancer, sign-in throttling and the audit log must see each person's
// address, not the balancer's; anyone else's X-Forwarded-For is ignored, so it cannot be used to
// dodge the per-address limit.
func TestClientAddressBehindTrustedProxies(t *testing.T) {
	var seen string
	h := httpkit.ForwardedClient([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = identity.ClientIP(r) }))
	cases := []struct {
		name, peer, xff, want string
	}{
		{"from the balancer", "10.0.0.2:4000", "203.0.113.7", "203.0.113.7"},
		{"through two balancers", "10.0.0.2:4000", "203.0.113.7, 10.0.0.9", "203.0.113.7"},
		{"a client's own header is not believed", "10.0.0.2:4000", "198.51.100.1, 203.0.113.7", "203.0.113.7"},
		{"straight from the internet", "203.0.113.50:4000", "198.51.100.1", "203.0.113.50"},
		{"a malformed hop", "10.0.0.2:4000", "not-an-address", "10.0.0.2"},
		{"no header", "10.0.0.2:4000", "", "10.0.0.2"},
		{"IPv6 client", "10.0.0.2:4000", "2001:db8::1", "2001:db8::1"},
	}
	for _, c := range cases {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if seen != c.want {
			t.Errorf("%s: client %q, want %q", c.name, seen, c.want)
		}
	}
}
