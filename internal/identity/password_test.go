package identity

import (
	"strings"
	"testing"
)

func TestPasswordHashVerifies(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q does not use argon2id at OWASP's parameters", h)
	}
	if !VerifyPassword("correct horse battery", h) || VerifyPassword("correct horse batterY", h) {
		t.Error("verification is wrong")
	}
	if h2, _ := HashPassword("correct horse battery"); h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
	if VerifyPassword("", "") || VerifyPassword("x", "$argon2id$garbage") {
		t.Error("an empty or unreadable hash matched")
	}
	if NeedsRehash(h) || !NeedsRehash("$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5") {
		t.Error("NeedsRehash is wrong")
	}
}

func TestCheckPassword(t *testing.T) {
	cases := map[string]string{
		"":                          "Enter a password",
		"short one":                 "12 characters or more",
		strings.Repeat("a", 129):    "128 characters or fewer",
		"Password1234":              "too common",
		"aaaaaaaaaaaaaaaa":          "too common",
		"abababababababab":          "too common",
		"0123456789012":             "too common",
		"practitioner-is-me-really": "must not contain your e-mail",
		"plum kettle harbour":       "",
		"ünïcødé pässwörd":          "",
	}
	for pw, want := range cases {
		got := CheckPassword(pw, "practitioner@hsscp.example")
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("CheckPassword(%q) = %q; want it to say %q", pw, got, want)
		}
	}
}

func TestNormaliseEmail(t *testing.T) {
	for in, want := range map[string]string{
		" Someone@Example.ORG ": "someone@example.org",
		"no-at-sign":            "",
		"a@b":                   "",
		"Name <a@b.example>":    "",
		"a@b.example\r\nBcc: x": "",
	} {
		if got := NormaliseEmail(in); got != want {
			t.Errorf("NormaliseEmail(%q) = %q; want %q", in, got, want)
		}
	}
}
