package mail_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// smtpServer is a small SMTP server on loopback that accepts every message: the other end of the
// conversation for the real SMTP client.
type smtpServer struct {
	addr string
	mu   sync.Mutex
	got  []string // whole messages, headers and body
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{addr: ln.Addr().String()}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { io.WriteString(c, line+"\r\n") }
	say("220 test ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 test")
		case strings.HasPrefix(cmd, "MAIL"), strings.HasPrefix(cmd, "RCPT"), strings.HasPrefix(cmd, "RSET"):
			say("250 OK")
		case cmd == "DATA":
			say("354 go on")
			var msg strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				msg.WriteString(l)
			}
			s.mu.Lock()
			s.got = append(s.got, msg.String())
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("502 not here")
		}
	}
}

func (s *smtpServer) messages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.got...)
}

func TestOutboxIsSentOverSMTPOnce(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	srv := startSMTP(t)
	for _, to := range []string{"a@one.example", "b@two.example"} {
		if err := mail.Enqueue(ctx, db, mail.Message{To: to, Subject: "Your registration — approved", Body: "Hello\nworld"}); err != nil {
			t.Fatal(err)
		}
	}
	w := &mail.Worker{DB: db, Log: slog.New(slog.DiscardHandler),
		Sender: mail.SMTPSender{Addr: srv.addr, From: "Portal <no-reply@portal.example>"}}
	// Two workers at once, as two portal processes would run: each message goes out once.
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if _, err := w.SendDue(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got := srv.messages()
	if len(got) != 2 {
		t.Fatalf("the server received %d messages; want 2", len(got))
	}
	if !strings.Contains(got[0], "Subject: =?utf-8?q?") || !strings.Contains(got[0], "To: ") {
		t.Errorf("headers:\n%s", got[0])
	}
	if n, _ := w.SendDue(ctx); n != 0 {
		t.Errorf("sent %d again", n)
	}
}

type failing struct{}

func (failing) Send(context.Context, mail.Message) error { return errors.New("connection refused") }

func TestAFailedMessageIsRetriedLater(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	if err := mail.Enqueue(ctx, db, mail.Message{To: "a@one.example", Subject: "s", Body: "b"}); err != nil {
		t.Fatal(err)
	}
	w := &mail.Worker{DB: db, Log: slog.New(slog.DiscardHandler), Sender: failing{}}
	if n, err := w.SendDue(ctx); n != 0 || err != nil {
		t.Fatalf("SendDue = %d, %v", n, err)
	}
	var attempts int
	var next time.Time
	var lastErr string
	if err := db.QueryRow(ctx, `SELECT attempts, next_attempt_at, last_error FROM outbox`).Scan(&attempts, &next, &lastErr); err != nil {
		t.Fatal(err)
	}
	if attempts != 1 || !next.After(time.Now()) || lastErr != "connection refused" {
		t.Errorf("after a failure: attempts %d, next %v, error %q", attempts, next, lastErr)
	}
}

func TestLineBreaksInHeadersAreRefused(t *testing.T) {
	db := testkit.NewDB(t)
	err := mail.Enqueue(context.Background(), db, mail.Message{To: "a@x.example\r\nBcc: all@x.example", Subject: "s", Body: "b"})
	if err == nil {
		t.Fatal("a header injection was queued")
	}
}

// TestASentMessageKeepsNoBody: a message may hold a working one-time link, so once sent only who
// it went to, its subject and when stay in the outbox.
func TestASentMessageKeepsNoBody(t *testing.T) {
	ctx := context.Background()
	db := testkit.NewDB(t)
	if err := mail.Enqueue(ctx, db, mail.Message{To: "a@one.example", Subject: "Reset your password", Body: "open http://x/reset-password/SECRET"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	w := &mail.Worker{DB: db, Log: slog.New(slog.DiscardHandler), Sender: mail.FileSender{Dir: dir, Log: slog.New(slog.DiscardHandler)}}
	if n, err := w.SendDue(ctx); n != 1 || err != nil {
		t.Fatalf("SendDue = %d, %v", n, err)
	}
	var to, subject, body string
	var sent *time.Time
	if err := db.QueryRow(ctx, `SELECT to_address, subject, body, sent_at FROM outbox`).Scan(&to, &subject, &body, &sent); err != nil {
		t.Fatal(err)
	}
	if to != "a@one.example" || subject != "Reset your password" || sent == nil || body != "" {
		t.Errorf("after sending: to %q, subject %q, sent %v, body %q; want the body gone and the rest kept", to, subject, sent, body)
	}
}

// TestInDevelopmentMessagesGoToFilesNotTheLog: without a mail server each message is a file only
// its owner may read, and the log does not hold the body.
func TestInDevelopmentMessagesGoToFilesNotTheLog(t *testing.T) {
	var log strings.Builder
	dir := filepath.Join(t.TempDir(), "mail")
	s := mail.FileSender{Dir: dir, Log: slog.New(slog.NewTextHandler(&log, nil))}
	if err := s.Send(context.Background(), mail.Message{To: "a@one.example", Subject: "Reset your password", Body: "open http://x/reset-password/SECRET\n"}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("files written: %v", files)
	}
	b, _ := os.ReadFile(files[0])
	fi, _ := os.Stat(files[0])
	if !strings.Contains(string(b), "reset-password/SECRET") || !strings.Contains(string(b), "To: a@one.example") || fi.Mode().Perm() != 0o600 {
		t.Errorf("file %s (mode %v):\n%s", files[0], fi.Mode().Perm(), b)
	}
	if strings.Contains(log.String(), "SECRET") || strings.Contains(log.String(), "a@one.example") {
		t.Errorf("the log holds the message: %s", log.String())
	}
}
