package identity

// NewSecret returns the secret of a new one-time link: 32 random bytes as 43 base64url
// characters, the shape the access log recognises and hides (httpkit.LoggedPath). Other domains
// with links of their own (a bulletin subscription's) use it so that theirs are hidden too.
func NewSecret() string { return newSecret() }

// HashSecret returns what the database keeps of a link's secret, so that reading the database
// never gives anyone a working link.
func HashSecret(secret string) []byte { return hashID(secret) }
