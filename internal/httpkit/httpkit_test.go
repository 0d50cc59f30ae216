package httpkit_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/httpkit"
)

func TestLoggedPathsHoldNoSecret(t *testing.T) {
	secret := strings.Repeat("Ab3_-", 8) + "xyz" // 43 characters, as a one-time link's
	for path, want := range map[string]string{
		"/reset-password/" + secret:          "/reset-password/{secret}",
		"/verify-email/" + secret + "/extra": "/verify-email/{secret}/extra",
		"/hsscp/inbox/12":                    "/hsscp/inbox/12",
	} {
		if got := httpkit.LoggedPath(httptest.NewRequest(http.MethodGet, path, nil)); got != want {
			t.Errorf("LoggedPath(%s) = %s; want %s", path, got, want)
		}
	}
}
