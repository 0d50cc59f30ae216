// Package secrets makes the one-time secrets that links carry (a password reset, an invitation, a
// session, an agency's link to a rapid review's request) and the hash the portal keeps of them in
// their stead: a stolen database holds no link that works.
package secrets

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// New returns a fresh secret of 256 random bits as 43 base64url characters, safe in an address:
// the shape the access log recognises and hides (httpkit.LoggedPath).
func New() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Hash is what the portal stores of a secret, and looks it up by.
func Hash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}
