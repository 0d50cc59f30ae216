// Package notices tells people what they are waiting for, through the e-mail outbox: the one way a
// domain sends a notice to a person, honouring the person's choice per kind (at once, a daily
// digest, or none), and the one way a reminder is sent once per event in any number of processes.
//
// The domains word their notices (subject and the line before the link); this package adds the
// link and the way to change one's choices, and decides delivery. A notice names a reference and
// links to the portal, where the access policy decides who may read what: it never carries a
// record's content (no child's name, no incident, no title a person typed).
package notices

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/web/paths"
)

// Kind is what a notice is about; each person chooses per kind how they get it.
type Kind string

// The kinds of notice, in the order the preferences page lists them.
const (
	RequestOutcome  Kind = "request_outcome"  // a practitioner's request has its outcome
	ReviewStarted   Kind = "review_started"   // a rapid review started from a practitioner's request
	Commissioned    Kind = "commissioned"     // a critical friend is commissioned
	ActionAssigned  Kind = "action_assigned"  // an organisation has an action on a recommendation
	ActionDueSoon   Kind = "action_due_soon"  // an action is due within the week
	ActionOverdue   Kind = "action_overdue"   // an action is past its date
	AwaitsExecutive Kind = "awaits_executive" // an approval or decision waits for the Executive
	RequestArrived  Kind = "request_arrived"  // a KLOE request reached the Engine Room and business unit
	CSPRArrived     Kind = "cspr_arrived"     // a CSPR consideration request: the statutory clock may start
	// InformationRequested: a rapid review asks the person's organisation for its information.
	InformationRequested Kind = "information_requested"
	// TrainingPlace: a place on a training session came free and is the person's, the first on
	// its waiting list; or a session they booked or wait for moved.
	TrainingPlace Kind = "training_place"
	// CaseAuditor: the person is named an auditor of a multi-agency case audit.
	CaseAuditor Kind = "case_auditor"
)

// Kinds are every kind, in the order the preferences page lists them.
var Kinds = []Kind{RequestOutcome, ReviewStarted, Commissioned, ActionAssigned, ActionDueSoon, ActionOverdue,
	AwaitsExecutive, RequestArrived, CSPRArrived, InformationRequested, TrainingPlace, CaseAuditor}

// Label names a kind for the person choosing.
func (k Kind) Label() string {
	switch k {
	case RequestOutcome:
		return "A request you sent has its outcome"
	case ReviewStarted:
		return "A rapid review starts from a request you sent"
	case Commissioned:
		return "You are commissioned as a critical friend"
	case ActionAssigned:
		return "Your organisation is given an action"
	case ActionDueSoon:
		return "Your organisation's action is due within a week"
	case ActionOverdue:
		return "Your organisation's action is overdue"
	case AwaitsExecutive:
		return "An approval or decision waits for the Executive"
	case RequestArrived:
		return "A new KLOE request arrives"
	case CSPRArrived:
		return "A new CSPR consideration request arrives"
	case InformationRequested:
		return "A rapid review asks your organisation for information"
	case TrainingPlace:
		return "Your place on a training session: one comes free for you, or the session moves"
	case CaseAuditor:
		return "You are named an auditor of a multi-agency case audit"
	}
	return string(k)
}

// Statutory reports whether the kind carries a statutory deadline (a CSPR consideration request
// may start the rapid review's 15 working days, which an agency's information must meet): it
// cannot be switched off, and "none" sends it at once.
func (k Kind) Statutory() bool { return k == CSPRArrived || k == InformationRequested }

// Known reports whether k is one of the kinds.
func Known(k Kind) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Delivery is how a person gets a kind of notice.
type Delivery string

// The deliveries a person chooses from; Now is the default.
const (
	Now    Delivery = "now"
	Digest Delivery = "digest"
	None   Delivery = "none"
)

// Deliveries are the choices of delivery, for the form.
var Deliveries = app.Choices{{Value: string(Now), Label: "At once"}, {Value: string(Digest), Label: "In a daily digest"},
	{Value: string(None), Label: "Not at all"}}

// StatutoryDeliveries are the choices for a kind that cannot be switched off.
var StatutoryDeliveries = Deliveries[:2]

// Notice is one notice, worded by its domain: a subject naming a reference, a line saying what
// happened, and the link (an absolute address) to the record in the portal.
type Notice struct {
	Kind    Kind
	Subject string
	Line    string
	Link    string
	Urgent  bool // sent at once whatever the person chose: children may be at risk now
	// Prompt says what the link is for; empty for the usual "Sign in to see it".
	Prompt string
}

// message is the e-mail of n to address; base is the portal's address, for the preferences link.
func (n Notice) message(to, base string) mail.Message {
	prompt := n.Prompt
	if prompt == "" {
		prompt = "Sign in to see it"
	}
	body := fmt.Sprintf("%s\n\n%s: %s\n", n.Line, prompt, n.Link)
	if base != "" {
		body += fmt.Sprintf("\nYou can choose how you get these e-mails: %s%s\n", base, paths.NoticePreferences())
	}
	return mail.Message{To: to, Subject: n.Subject, Body: body}
}

// recipient is a person a notice goes to, with how they want this kind.
type recipient struct {
	ID       int64
	Email    string
	Delivery Delivery
}

// Send gives n to each active person of userIDs inside tx, the transaction of the change it
// reports: at once, into their digest, or not at all, as each chose. base is the portal's address.
func Send(ctx context.Context, tx pgx.Tx, base string, n Notice, userIDs ...int64) error {
	if len(userIDs) == 0 {
		return nil
	}
	list, err := database.All[recipient](ctx, tx, "notices: recipients", `
		SELECT u.id, u.email, coalesce(p.delivery, 'now') FROM app_user u
		LEFT JOIN notice_preference p ON p.user_id = u.id AND p.kind = $2
		WHERE u.id = ANY($1) AND u.status = 'active' ORDER BY u.id`, userIDs, string(n.Kind))
	if err != nil {
		return err
	}
	for _, r := range list {
		d := r.Delivery
		if n.Urgent || n.Kind.Statutory() && d == None {
			d = Now
		}
		switch d {
		case Now:
			err = mail.Enqueue(ctx, tx, n.message(r.Email, base))
		case Digest:
			_, err = tx.Exec(ctx, `INSERT INTO notice_pending (user_id, kind, subject, link) VALUES ($1, $2, $3, $4)`,
				r.ID, string(n.Kind), n.Subject, n.Link)
		}
		if err != nil {
			return fmt.Errorf("notices: send: %w", err)
		}
	}
	return nil
}

// SendTo gives n at once to an address that is no person's account (an organisation's or a
// partnership's shared mailbox), which has no choices.
func SendTo(ctx context.Context, tx pgx.Tx, base string, n Notice, address string) error {
	if address == "" {
		return nil
	}
	return mail.Enqueue(ctx, tx, n.message(address, ""))
}

// Once records, in tx, that the reminder of kind for event (a key naming the record and what
// about it, e.g. "action 12 due 2026-12-04") is being sent, and reports whether it is the first
// time: a second run, in this process or another, finds the key taken and sends nothing.
func Once(ctx context.Context, tx pgx.Tx, kind Kind, event string) (bool, error) {
	var sent bool
	err := tx.QueryRow(ctx, `INSERT INTO notice_sent (event, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING true`,
		event, string(kind)).Scan(&sent)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("notices: once: %w", err)
	}
	return true, nil
}

// SendOnce sends a reminder of kind for event in a transaction of its own, the first time it is
// asked to (Once): send enqueues it in that transaction. It reports whether it was sent; a second
// run, in this process or another, sends nothing and reports false. The reminder jobs call it
// once for each record due.
func SendOnce(ctx context.Context, db database.Beginner, kind Kind, event string, send func(tx pgx.Tx) error) (bool, error) {
	var first bool
	err := database.InTx(ctx, db, func(tx pgx.Tx) error {
		var err error
		if first, err = Once(ctx, tx, kind, event); err != nil || !first {
			return err
		}
		return send(tx)
	})
	return first && err == nil, err
}

// Members are the active people holding, on day today, a current seat on one of the
// partnership's bodies of the kinds given ("executive", "engine_room", "business_unit"...).
func Members(ctx context.Context, q database.Querier, partnershipID int64, today time.Time, bodyKinds ...string) ([]int64, error) {
	return database.Values[int64](ctx, q, "notices: members", `
		SELECT DISTINCT u.id FROM membership m JOIN body b ON b.id = m.body_id JOIN app_user u ON u.id = m.user_id
		WHERE m.partnership_id = $1 AND b.kind = ANY($2) AND u.status = 'active'
		  AND m.starts_on <= $3 AND (m.ends_on IS NULL OR m.ends_on > $3)
		ORDER BY u.id`, partnershipID, bodyKinds, today)
}

// Slug is the partnership's address part, for the links of a notice.
func Slug(ctx context.Context, q database.Querier, partnershipID int64) (string, error) {
	var slug string
	if err := q.QueryRow(ctx, `SELECT slug FROM partnership WHERE id = $1`, partnershipID).Scan(&slug); err != nil {
		return "", fmt.Errorf("notices: partnership: %w", err)
	}
	return slug, nil
}

// Contact is who hears about what concerns an organisation (its actions, a rapid review's request
// for its information): its lead representative when it has one whose account is active (a
// person, with their choices), or else the partnership's contact address (the business unit's
// mailbox), which has none.
type Contact struct {
	Slug     string // the partnership's, for the notice's link
	Person   *int64
	Fallback string
}

// OrganisationContact returns the contact of the organisation id.
func OrganisationContact(ctx context.Context, q database.Querier, id int64) (Contact, error) {
	var c Contact
	err := q.QueryRow(ctx, `SELECT p.slug, u.id, p.contact_email
		FROM organisation o JOIN partnership p ON p.id = o.partnership_id
		LEFT JOIN app_user u ON u.id = o.lead_representative_id AND u.status = 'active'
		WHERE o.id = $1`, id).Scan(&c.Slug, &c.Person, &c.Fallback)
	if err != nil {
		return c, fmt.Errorf("notices: organisation contact: %w", err)
	}
	return c, nil
}

// Send gives n to the contact, inside tx.
func (c Contact) Send(ctx context.Context, tx pgx.Tx, base string, n Notice) error {
	if c.Person != nil {
		return Send(ctx, tx, base, n, *c.Person)
	}
	return SendTo(ctx, tx, base, n, c.Fallback)
}
