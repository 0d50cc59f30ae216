package identity

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/gorilla/sessions"
	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/secrets"
)

// SessionStore keeps sessions in PostgreSQL behind gorilla/sessions' Store interface. The cookie
// holds only a random id; the table holds its SHA-256, the user and the session's values. A
// session ends after IdleTimeout without a request or AbsoluteTimeout after it began, when its
// owner signs out, is disabled, or changes their password.
type SessionStore struct {
	DB              database.Beginner
	Name            string           // the cookie's name
	Options         sessions.Options // cookie attributes; MaxAge 0 makes it a browser-session cookie
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	Now             func() time.Time // the clock; tests move it
}

// NewSessionStore returns a store whose cookie is HttpOnly, SameSite=Lax, lives as long as the
// browser session, and, when the portal is served over HTTPS, is Secure with the __Host- prefix
// (which pins it to this host and path /).
func NewSessionStore(db database.Beginner, secure bool, idle, absolute time.Duration) *SessionStore {
	name := "portal_session"
	if secure {
		name = "__Host-portal_session"
	}
	return &SessionStore{
		DB:   db,
		Name: name,
		Options: sessions.Options{
			Path:     "/",
			HttpOnly: true,
			Secure:   secure,
			SameSite: http.SameSiteLaxMode,
		},
		IdleTimeout:     idle,
		AbsoluteTimeout: absolute,
	}
}

// userKey is the session value holding the signed-in user's id; it is kept in its own column.
const userKey = "user_id"

// touchEvery limits writes: last_seen_at is updated at most this often per session.
const touchEvery = time.Minute

func (s *SessionStore) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Get returns the session for name, once per request (gorilla's registry caches it).
func (s *SessionStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// New loads the session named by the request's cookie, or starts a new one when there is none,
// it is unknown, or it has expired.
func (s *SessionStore) New(r *http.Request, name string) (*sessions.Session, error) {
	session := s.Fresh()
	c, err := r.Cookie(name)
	if err != nil || len(c.Value) != 43 {
		return session, nil
	}
	var (
		userID   *int64
		data     []byte
		created  time.Time
		lastSeen time.Time
		subject  access.SubjectRow
	)
	ctx := r.Context()
	// The session and its person's roles in one round trip (issue #15): the signed-in floor.
	err = s.DB.QueryRow(ctx, `SELECT w.user_id, w.data, w.created_at, w.last_seen_at, sub.*
		FROM web_session w LEFT JOIN LATERAL (`+access.SubjectQuery("w.user_id", "$2::date")+`) sub ON true
		WHERE w.id_hash = $1`, secrets.Hash(c.Value), app.Today(s.now())).Scan(append([]any{&userID, &data, &created, &lastSeen}, subject.Targets()...)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return session, nil
	}
	if err != nil {
		return session, fmt.Errorf("identity: load session: %w", err)
	}
	now := s.now()
	if now.Sub(lastSeen) > s.IdleTimeout || now.Sub(created) > s.AbsoluteTimeout {
		_, err := s.DB.Exec(ctx, `DELETE FROM web_session WHERE id_hash = $1`, secrets.Hash(c.Value))
		return session, err
	}
	var values map[string]any
	if err := json.Unmarshal(data, &values); err != nil {
		return session, fmt.Errorf("identity: session data: %w", err)
	}
	for k, v := range values {
		session.Values[k] = v
	}
	if userID != nil {
		session.Values[userKey] = *userID
		subj, err := subject.Subject()
		session.Values[subjectKey{}] = loadedSubject{subj, err}
	}
	session.ID = c.Value
	session.IsNew = false
	if now.Sub(lastSeen) > min(touchEvery, s.IdleTimeout/4) { // a short idle timeout is still kept to within a quarter
		if _, err := s.DB.Exec(ctx, `UPDATE web_session SET last_seen_at = $2 WHERE id_hash = $1`, secrets.Hash(c.Value), now); err != nil {
			return session, fmt.Errorf("identity: touch session: %w", err)
		}
	}
	return session, nil
}

// subjectKey is the session value holding the signed-in person's Subject as loaded with the
// session; it lives for the request only (Save does not store it).
type subjectKey struct{}

// loadedSubject is the Subject loaded with the session, or access.ErrNoSubject.
type loadedSubject struct {
	subject access.Subject
	err     error
}

// SessionSubject returns the signed-in person's Subject as loaded with session (access.ErrNoSubject
// when they may no longer sign in); ok is false when it was not loaded with it (no one was
// signed in when the request began).
func SessionSubject(session *sessions.Session) (subject access.Subject, ok bool, err error) {
	l, ok := session.Values[subjectKey{}].(loadedSubject)
	return l.subject, ok, l.err
}

// Fresh returns a new, empty session, not yet stored.
func (s *SessionStore) Fresh() *sessions.Session {
	session := sessions.NewSession(s, s.Name)
	opts := s.Options
	session.Options = &opts
	session.IsNew = true
	return session
}

// Save writes the session and sets its cookie; a session whose MaxAge is below zero is deleted
// and its cookie cleared.
func (s *SessionStore) Save(r *http.Request, w http.ResponseWriter, session *sessions.Session) error {
	ctx := r.Context()
	if session.Options.MaxAge < 0 {
		if session.ID != "" {
			if _, err := s.DB.Exec(ctx, `DELETE FROM web_session WHERE id_hash = $1`, secrets.Hash(session.ID)); err != nil {
				return fmt.Errorf("identity: delete session: %w", err)
			}
		}
		http.SetCookie(w, sessions.NewCookie(session.Name(), "", session.Options))
		return nil
	}
	var userID *int64
	values := map[string]any{}
	for k, v := range session.Values {
		if _, loaded := k.(subjectKey); loaded {
			continue
		}
		key, ok := k.(string)
		if !ok {
			return fmt.Errorf("identity: session key %v is not a string", k)
		}
		if key == userKey {
			id, ok := asInt64(v)
			if !ok {
				return fmt.Errorf("identity: session user id %v", v)
			}
			userID = &id
			continue
		}
		values[key] = v
	}
	data, err := json.Marshal(values)
	if err != nil {
		return fmt.Errorf("identity: session data: %w", err)
	}
	now := s.now()
	if session.ID == "" {
		session.ID = secrets.New()
		_, err = s.DB.Exec(ctx, `
			INSERT INTO web_session (id_hash, user_id, data, created_at, last_seen_at, ip, user_agent)
			VALUES ($1, $2, $3, $4, $4, $5, $6)`,
			secrets.Hash(session.ID), userID, data, now, ClientIP(r), truncate(r.UserAgent(), 300))
	} else {
		_, err = s.DB.Exec(ctx, `UPDATE web_session SET user_id = $2, data = $3, last_seen_at = $4 WHERE id_hash = $1`,
			secrets.Hash(session.ID), userID, data, now)
	}
	if err != nil {
		return fmt.Errorf("identity: save session: %w", err)
	}
	http.SetCookie(w, sessions.NewCookie(session.Name(), session.ID, session.Options))
	return nil
}

// Rotate gives the session a new id, deleting the old one: done at sign-in, so that an id planted
// before sign-in is worth nothing after it. The next Save stores it under the new id.
func (s *SessionStore) Rotate(ctx context.Context, session *sessions.Session) error {
	if session.ID != "" {
		if _, err := s.DB.Exec(ctx, `DELETE FROM web_session WHERE id_hash = $1`, secrets.Hash(session.ID)); err != nil {
			return fmt.Errorf("identity: rotate session: %w", err)
		}
	}
	session.ID = ""
	session.IsNew = true
	return nil
}

// SessionUserID returns the id of the user signed in to session, or 0.
func SessionUserID(session *sessions.Session) int64 {
	id, _ := asInt64(session.Values[userKey])
	return id
}

// SetSessionUser records who is signed in to session.
func SetSessionUser(session *sessions.Session, userID int64) { session.Values[userKey] = userID }

// SessionInfo describes one of a person's sessions for their "your sessions" page.
type SessionInfo struct {
	PublicID  int64
	CreatedAt time.Time
	LastSeen  time.Time
	IP        string
	UserAgent string
	Current   bool
}

// ListSessions returns the live sessions of a user, newest first, marking the one with id current.
func (s *SessionStore) ListSessions(ctx context.Context, userID int64, current string) ([]SessionInfo, error) {
	now := s.now()
	return database.All[SessionInfo](ctx, s.DB, "identity: list sessions", `
		SELECT public_id, created_at, last_seen_at, ip, user_agent, id_hash = $4
		FROM web_session
		WHERE user_id = $1 AND last_seen_at > $2 AND created_at > $3
		ORDER BY last_seen_at DESC`,
		userID, now.Add(-s.IdleTimeout), now.Add(-s.AbsoluteTimeout), secrets.Hash(current))
}

// EndAllSessions ends every session of a user.
func EndAllSessions(ctx context.Context, q database.Querier, userID int64) error {
	if _, err := q.Exec(ctx, `DELETE FROM web_session WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("identity: end sessions: %w", err)
	}
	return nil
}

// PruneSessions deletes expired sessions; safe to run from every process.
func (s *SessionStore) PruneSessions(ctx context.Context) (int64, error) {
	now := s.now()
	tag, err := s.DB.Exec(ctx, `DELETE FROM web_session WHERE last_seen_at < $1 OR created_at < $2`,
		now.Add(-s.IdleTimeout), now.Add(-s.AbsoluteTimeout))
	if err != nil {
		return 0, fmt.Errorf("identity: prune sessions: %w", err)
	}
	return tag.RowsAffected(), nil
}

// newSecret returns 32 random bytes, base64url-encoded (43 characters).

func asInt64(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case float64: // what JSON gives back
		return int64(n), true
	case int:
		return int64(n), true
	}
	return 0, false
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// ClientIP is the address the request came from. Behind a load balancer named in
// PORTAL_TRUSTED_PROXIES the HTTP layer has already put the forwarded client address into
// RemoteAddr.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return truncate(host, 64)
}
