// Package config reads the portal's settings from environment variables. Every variable, with its
// default, is listed in README.md; keep the two in step.
package config

import (
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config holds the portal's settings.
type Config struct {
	// Addr is the address to listen on (PORTAL_ADDR).
	Addr string
	// DatabaseURL points at an existing PostgreSQL database (DATABASE_URL). When empty the portal
	// runs its own cluster under DataDir/pg.
	DatabaseURL string
	// MigrateDatabaseURL points at the same database as the role that owns its tables and runs
	// the migrations (MIGRATE_DATABASE_URL); DatabaseURL's role then only serves. When empty,
	// DatabaseURL migrates too, with a warning.
	MigrateDatabaseURL string
	// DataDir holds what the portal keeps on disk: the private cluster (PORTAL_DATA_DIR).
	DataDir string
	// BaseURL is the address users reach the portal at, used in links and to tell whether it is
	// served over HTTPS (PORTAL_BASE_URL).
	BaseURL *url.URL
	// LogLevel is the least severe level logged (PORTAL_LOG_LEVEL).
	LogLevel slog.Level
	// LogFormat is "text" or "json" (PORTAL_LOG_FORMAT).
	LogFormat string
	// MaxBodyBytes is the largest request body accepted (PORTAL_MAX_BODY_BYTES).
	MaxBodyBytes int64
	// RequestTimeout bounds the time a handler may take (PORTAL_REQUEST_TIMEOUT).
	RequestTimeout time.Duration
	// ShutdownTimeout bounds the wait for in-flight requests at shutdown (PORTAL_SHUTDOWN_TIMEOUT).
	ShutdownTimeout time.Duration
	// SessionIdleTimeout ends a session after this long without a request (PORTAL_SESSION_IDLE_TIMEOUT).
	SessionIdleTimeout time.Duration
	// SessionMaxAge ends a session this long after sign-in, however busy (PORTAL_SESSION_MAX_AGE).
	SessionMaxAge time.Duration
	// SMTPAddr is the mail server's host:port (PORTAL_SMTP_ADDR); empty prints e-mail to the log.
	SMTPAddr string
	// SMTPUsername and SMTPPassword sign in to the mail server (PORTAL_SMTP_USERNAME, PORTAL_SMTP_PASSWORD).
	SMTPUsername, SMTPPassword string
	// MailFrom is the sender of the portal's e-mail (PORTAL_MAIL_FROM).
	MailFrom string
	// DemoPassword is the password of the demo accounts `portal seed demo` creates (PORTAL_DEMO_PASSWORD).
	DemoPassword string
	// CSPRPublishMonths is how long after it opens a local CSPR should be published (PORTAL_CSPR_PUBLISH_MONTHS).
	CSPRPublishMonths int
	// TrustedProxies are the load balancers whose X-Forwarded-For names the client
	// (PORTAL_TRUSTED_PROXIES: addresses or CIDR ranges, comma separated).
	TrustedProxies []netip.Prefix
}

// Defaults for the settings; README.md repeats them.
const (
	DefaultAddr            = "localhost:8080"
	DefaultDataDir         = "./var"
	DefaultMaxBodyBytes    = 1 << 20
	DefaultRequestTimeout  = 30 * time.Second
	DefaultShutdownTimeout = 8 * time.Second
	DefaultSessionIdle     = 30 * time.Minute
	DefaultSessionMaxAge   = 12 * time.Hour
	DefaultMailFrom        = "Safeguarding Partnership Portal <no-reply@portal.example>"
)

// FromEnv reads the settings from the environment, naming every variable it could not read.
func FromEnv() (Config, error) {
	return parse(os.Getenv)
}

func parse(getenv func(string) string) (Config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	var problems []string
	c := Config{
		Addr:               get("PORTAL_ADDR", DefaultAddr),
		DatabaseURL:        get("DATABASE_URL", ""),
		MigrateDatabaseURL: get("MIGRATE_DATABASE_URL", ""),
		LogFormat:          get("PORTAL_LOG_FORMAT", "text"),
		SMTPAddr:           get("PORTAL_SMTP_ADDR", ""),
		SMTPUsername:       get("PORTAL_SMTP_USERNAME", ""),
		SMTPPassword:       getenv("PORTAL_SMTP_PASSWORD"),
		MailFrom:           get("PORTAL_MAIL_FROM", DefaultMailFrom),
		DemoPassword:       getenv("PORTAL_DEMO_PASSWORD"),
	}
	dataDir, err := filepath.Abs(get("PORTAL_DATA_DIR", DefaultDataDir))
	if err != nil {
		problems = append(problems, "PORTAL_DATA_DIR: "+err.Error())
	}
	c.DataDir = dataDir

	for _, p := range strings.Split(getenv("PORTAL_TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				problems = append(problems, fmt.Sprintf("PORTAL_TRUSTED_PROXIES: %q is not an address or CIDR range", p))
				continue
			}
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, prefix.Masked())
	}

	base := get("PORTAL_BASE_URL", "http://"+defaultHost(c.Addr))
	if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, fmt.Sprintf("PORTAL_BASE_URL: %q is not an http or https address", base))
	} else {
		u.Path = strings.TrimSuffix(u.Path, "/")
		c.BaseURL = u
	}

	if err := c.LogLevel.UnmarshalText([]byte(get("PORTAL_LOG_LEVEL", "info"))); err != nil {
		problems = append(problems, "PORTAL_LOG_LEVEL: use debug, info, warn or error")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		problems = append(problems, "PORTAL_LOG_FORMAT: use text or json")
	}
	if n, err := strconv.Atoi(get("PORTAL_CSPR_PUBLISH_MONTHS", "6")); err != nil || n < 1 || n > 36 {
		problems = append(problems, "PORTAL_CSPR_PUBLISH_MONTHS: a number of months from 1 to 36")
	} else {
		c.CSPRPublishMonths = n
	}
	if n, err := strconv.ParseInt(get("PORTAL_MAX_BODY_BYTES", strconv.Itoa(DefaultMaxBodyBytes)), 10, 64); err != nil || n <= 0 {
		problems = append(problems, "PORTAL_MAX_BODY_BYTES: a positive number of bytes")
	} else {
		c.MaxBodyBytes = n
	}
	durations := []struct {
		name string
		def  time.Duration
		dst  *time.Duration
	}{
		{"PORTAL_REQUEST_TIMEOUT", DefaultRequestTimeout, &c.RequestTimeout},
		{"PORTAL_SHUTDOWN_TIMEOUT", DefaultShutdownTimeout, &c.ShutdownTimeout},
		{"PORTAL_SESSION_IDLE_TIMEOUT", DefaultSessionIdle, &c.SessionIdleTimeout},
		{"PORTAL_SESSION_MAX_AGE", DefaultSessionMaxAge, &c.SessionMaxAge},
	}
	for _, d := range durations {
		v, err := time.ParseDuration(get(d.name, d.def.String()))
		if err != nil || v <= 0 {
			problems = append(problems, d.name+": a positive duration such as 30s")
			continue
		}
		*d.dst = v
	}
	if len(problems) > 0 {
		return c, fmt.Errorf("config: %s", strings.Join(problems, "; "))
	}
	return c, nil
}

// HTTPS reports whether users reach the portal over HTTPS, which turns on HSTS and secure cookies.
func (c Config) HTTPS() bool { return c.BaseURL != nil && c.BaseURL.Scheme == "https" }

// Logger returns the process's structured logger, writing to standard error in the configured format.
func (c Config) Logger() *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// defaultHost is the address to put in links when PORTAL_BASE_URL is unset: the listen address,
// with localhost standing in for "all interfaces" (":8080", "0.0.0.0:8080", "[::]:8080").
func defaultHost(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
