package config

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := parse(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "localhost:8080" || c.BaseURL.String() != "http://localhost:8080" || c.DatabaseURL != "" {
		t.Errorf("defaults = %+v", c)
	}
	if !strings.HasSuffix(c.DataDir, "/var") || c.MaxBodyBytes != 1<<20 || c.RequestTimeout != 30*time.Second {
		t.Errorf("defaults = %+v", c)
	}
	if c.HTTPS() {
		t.Error("HTTPS by default")
	}
	if c.CSPRPublishMonths != 6 || c.SessionIdleTimeout != 30*time.Minute || c.SessionMaxAge != 12*time.Hour {
		t.Errorf("defaults = %+v", c)
	}
}

func TestHTTPSBaseURL(t *testing.T) {
	c, err := parse(env(map[string]string{"PORTAL_BASE_URL": "https://portal.example.gov.uk/"}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.HTTPS() || c.BaseURL.String() != "https://portal.example.gov.uk" {
		t.Errorf("base URL %v, HTTPS %v", c.BaseURL, c.HTTPS())
	}
}

func TestEveryBadSettingIsNamed(t *testing.T) {
	_, err := parse(env(map[string]string{
		"PORTAL_BASE_URL":            "ftp://x",
		"PORTAL_LOG_LEVEL":           "loud",
		"PORTAL_LOG_FORMAT":          "xml",
		"PORTAL_MAX_BODY_BYTES":      "-1",
		"PORTAL_REQUEST_TIMEOUT":     "soon",
		"PORTAL_CSPR_PUBLISH_MONTHS": "0",
	}))
	if err == nil {
		t.Fatal("bad settings accepted")
	}
	for _, name := range []string{"PORTAL_BASE_URL", "PORTAL_LOG_LEVEL", "PORTAL_LOG_FORMAT", "PORTAL_MAX_BODY_BYTES", "PORTAL_REQUEST_TIMEOUT", "PORTAL_CSPR_PUBLISH_MONTHS"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("the error does not name %s: %v", name, err)
		}
	}
}

// Listening on all interfaces still gives e-mail links a host people can follow.
func TestBaseURLFromAllInterfaces(t *testing.T) {
	for addr, want := range map[string]string{
		":8099":        "http://localhost:8099",
		"0.0.0.0:8080": "http://localhost:8080",
		"[::]:8080":    "http://localhost:8080",
		"10.0.0.5:80":  "http://10.0.0.5:80",
	} {
		c, err := parse(env(map[string]string{"PORTAL_ADDR": addr}))
		if err != nil {
			t.Fatal(err)
		}
		if c.BaseURL.String() != want {
			t.Errorf("PORTAL_ADDR %s: base URL %s, want %s", addr, c.BaseURL, want)
		}
	}
}

func TestTrustedProxies(t *testing.T) {
	c, err := parse(env(map[string]string{"PORTAL_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7,2001:db8::/32"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TrustedProxies) != 3 || c.TrustedProxies[1].String() != "192.168.1.7/32" {
		t.Errorf("trusted proxies = %v", c.TrustedProxies)
	}
	if _, err := parse(env(map[string]string{"PORTAL_TRUSTED_PROXIES": "the load balancer"})); err == nil ||
		!strings.Contains(err.Error(), "PORTAL_TRUSTED_PROXIES") {
		t.Errorf("a bad proxy list: %v", err)
	}
}
