package intake

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/app"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
)

// Status is where a request is.
type Status string

// Statuses, in the order a request moves through them.
const (
	Draft       Status = "draft"
	Received    Status = "received"
	Considering Status = "considering"
	Closed      Status = "closed"
	Withdrawn   Status = "withdrawn"
)

// Label names a status for people.
func (s Status) Label() string {
	switch s {
	case Draft:
		return "Draft"
	case Received:
		return "Received"
	case Considering:
		return "Being considered"
	case Closed:
		return "Outcome given"
	case Withdrawn:
		return "Withdrawn"
	}
	return string(s)
}

// Stage is where a CSPR consideration request has got to downstream, in its rapid review and any
// local CSPR; "" when no rapid review was started from it. It is derived (Stages), never stored.
type Stage string

// Stages of a CSPR consideration request after a rapid review was started from it, in order.
const (
	RapidReviewStage Stage = "rapid_review" // the rapid review is under way
	SentToPanelStage Stage = "sent_to_panel"
	NoReviewStage    Stage = "no_review"  // the review, sent to the national Panel, decided on no further review
	LocalCSPRStage   Stage = "local_cspr" // a local CSPR is under way
	PublishedStage   Stage = "published"  // the local CSPR is published
)

// Label names a stage for the request's writer.
func (s Stage) Label() string {
	switch s {
	case RapidReviewStage:
		return "Rapid review in progress"
	case SentToPanelStage:
		return "Rapid review sent to the national Panel"
	case NoReviewStage:
		return "Decided: no further review"
	case LocalCSPRStage:
		return "Local CSPR under way"
	case PublishedStage:
		return "Local CSPR published"
	}
	return string(s)
}

// Stages returns the stage of each of the partnership's requests ids that a rapid review was
// started from, on day today, in one query: the local CSPR published (from its publication day),
// a local CSPR under way, the review sent to the national Panel (with its decision of no further
// review, or any other), or the rapid review in progress.
func Stages(ctx context.Context, q database.Querier, partnershipID int64, ids []int64, today time.Time) (map[int64]Stage, error) {
	type row struct {
		RequestID int64
		Stage     Stage
	}
	rows, err := database.All[row](ctx, q, "intake: stages", `
		SELECT rr.request_id, `+stageCase("$3")+`
		FROM rapid_review rr LEFT JOIN local_cspr c ON c.review_id = rr.id
		WHERE rr.partnership_id = $1 AND rr.request_id = ANY ($2)`, partnershipID, ids, today)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Stage, len(rows))
	for _, r := range rows {
		out[r.RequestID] = r.Stage
	}
	return out, nil
}

// stageCase is the SQL of a request's Stage, from the rapid review started from it (rr, none when
// rr.id is null) and its local CSPR (c), on the day its parameter today names: the one derivation
// of Stages and of the inbox's rows (stageJoin), first match wins.
func stageCase(today string) string {
	return `CASE
			WHEN rr.id IS NULL THEN ''
			WHEN c.published_on <= ` + today + `::date THEN 'published'
			WHEN c.id IS NOT NULL THEN 'local_cspr'
			WHEN rr.sent_to_panel_on IS NOT NULL AND rr.decision = 'no_review' THEN 'no_review'
			WHEN rr.sent_to_panel_on IS NOT NULL THEN 'sent_to_panel'
			ELSE 'rapid_review' END`
}

// stageJoin joins to intake_request r the rapid review started from it (by its unique request_id)
// and that review's local CSPR (by its unique review_id), for stageCase.
const stageJoin = `
		LEFT JOIN rapid_review rr ON rr.request_id = r.id AND rr.partnership_id = r.partnership_id
		LEFT JOIN local_cspr c ON c.review_id = rr.id`

// StatusLabel is the request's status as its pages show it: a CSPR consideration request's stage
// downstream, once a rapid review was started from it (unless withdrawn), else its own status.
func (r Request) StatusLabel() string {
	if r.Stage != "" && r.Status != Withdrawn {
		return r.Stage.Label()
	}
	return r.Status.Label()
}

// Errors of the request's life.
var (
	ErrNotFound  error = app.NotFoundError("intake: no such request")
	ErrNotDraft        = errors.New("intake: the request has been submitted")
	ErrTooLate         = errors.New("intake: the Engine Room has already looked at the request")
	ErrConflict        = errors.New("intake: changed by someone else")
	ErrTooMany         = errors.New("intake: too many files")
	ErrBadStatus       = errors.New("intake: not a status the request can move to")
	ErrNoOutcome       = errors.New("intake: an outcome needs its text")
	ErrNoReason        = errors.New("intake: a reason is needed")
)

// Request is a request with the requester's details as they were when they wrote it.
type Request struct {
	ID                int64
	PartnershipID     int64
	Kind              Kind
	Reference         string
	Status            Status
	RequesterID       int64
	RequesterName     string
	RequesterJobTitle string
	RequesterEmail    string
	RequesterPhone    string
	OrganisationID    *int64
	OrganisationName  string
	Title             string
	Answers           url.Values
	Outcome           string
	WithdrawnReason   string
	CreatedAt         time.Time
	UpdatedAt         time.Time
	SubmittedAt       *time.Time
	Version           int
	Stage             Stage // read by Stages where a page shows it, and by the inbox's query; not by the request's own
}

// Requester is the person writing a request.
type Requester struct {
	ID             int64
	Name           string
	JobTitle       string
	Email          string
	Phone          string
	OrganisationID *int64
}

const (
	requestColumns = `r.id, r.partnership_id, r.kind, coalesce(r.reference, ''), r.status, r.requester_id, r.requester_name,
	       r.requester_job_title, r.requester_email, r.requester_phone, r.organisation_id, coalesce(o.name, ''),
	       r.title, r.answers, r.outcome, r.withdrawn_reason, r.created_at, r.updated_at, r.submitted_at, r.version`
	requestFrom   = ` FROM intake_request r LEFT JOIN organisation o ON o.id = r.organisation_id`
	requestSelect = `SELECT ` + requestColumns + requestFrom
)

func scanRequest(row pgx.CollectableRow) (Request, error) {
	var r Request
	var answers []byte
	err := row.Scan(&r.ID, &r.PartnershipID, &r.Kind, &r.Reference, &r.Status, &r.RequesterID, &r.RequesterName,
		&r.RequesterJobTitle, &r.RequesterEmail, &r.RequesterPhone, &r.OrganisationID, &r.OrganisationName,
		&r.Title, &answers, &r.Outcome, &r.WithdrawnReason, &r.CreatedAt, &r.UpdatedAt, &r.SubmittedAt, &r.Version)
	if err != nil {
		return r, err
	}
	r.Answers = url.Values{}
	return r, json.Unmarshal(answers, &r.Answers)
}

// Get returns one of the partnership's requests.
func Get(ctx context.Context, q database.Querier, partnershipID, id int64) (Request, error) {
	return database.OneWith(ctx, q, scanRequest, ErrNotFound, "intake: get", requestSelect+` WHERE r.partnership_id = $1 AND r.id = $2`, partnershipID, id)
}

// DraftInput is what saving a draft needs.
type DraftInput struct {
	ID            int64 // 0 for a new draft, found again by FormKey
	PartnershipID int64
	Kind          Kind
	Requester     Requester
	FormKey       string
	Answers       url.Values // only the spec's fields: see Spec.Keep
}

// SaveDraft stores a draft's answers and returns its id. A new draft is found by its form key, so
// the same blank form posted twice makes one draft. A submitted request is not changed.
func SaveDraft(ctx context.Context, q database.Querier, d DraftInput) (int64, error) {
	answers, err := json.Marshal(d.Answers)
	if err != nil {
		return 0, fmt.Errorf("intake: save draft: %w", err)
	}
	title := ""
	if d.Kind == KLOE {
		title = truncate(strings.TrimSpace(d.Answers.Get("title")), 200)
	}
	var id int64
	if d.ID == 0 {
		err = q.QueryRow(ctx, `
			INSERT INTO intake_request (partnership_id, kind, requester_id, requester_name, requester_job_title, requester_email,
				requester_phone, organisation_id, title, answers, form_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (requester_id, form_key) DO UPDATE SET answers = EXCLUDED.answers, title = EXCLUDED.title,
				updated_at = now(), version = intake_request.version + 1
				WHERE intake_request.status = 'draft'
			RETURNING id`,
			d.PartnershipID, d.Kind, d.Requester.ID, d.Requester.Name, d.Requester.JobTitle, d.Requester.Email,
			d.Requester.Phone, d.Requester.OrganisationID, title, answers, d.FormKey).Scan(&id)
	} else {
		err = q.QueryRow(ctx, `
			UPDATE intake_request SET answers = $4, title = $5, updated_at = now(), version = version + 1
			WHERE partnership_id = $1 AND id = $2 AND requester_id = $3 AND status = 'draft'
			RETURNING id`, d.PartnershipID, d.ID, d.Requester.ID, answers, title).Scan(&id)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrNotDraft
	}
	if err != nil {
		return 0, fmt.Errorf("intake: save draft: %w", err)
	}
	return id, nil
}

// SubmitResult is what submitting gives back.
type SubmitResult struct {
	Request
	// AlreadySubmitted is true when the request had been submitted before (a double click, or
	// back and submit again): nothing new was made.
	AlreadySubmitted bool
}

// Submit gives a draft its reference (PREFIX-KIND-YEAR-NNNN, numbered per partnership, kind and
// year without gaps) and marks it received, inside the caller's transaction. Submitting a request
// that was already submitted changes nothing and returns it.
func Submit(ctx context.Context, tx pgx.Tx, partnershipID, id, requesterID int64, prefix string, now time.Time) (SubmitResult, error) {
	var status Status
	err := tx.QueryRow(ctx, `SELECT status FROM intake_request WHERE partnership_id = $1 AND id = $2 AND requester_id = $3 FOR UPDATE`,
		partnershipID, id, requesterID).Scan(&status)
	if errors.Is(err, pgx.ErrNoRows) {
		return SubmitResult{}, ErrNotFound
	}
	if err != nil {
		return SubmitResult{}, fmt.Errorf("intake: submit: %w", err)
	}
	if status != Draft {
		r, err := Get(ctx, tx, partnershipID, id)
		return SubmitResult{Request: r, AlreadySubmitted: true}, err
	}
	r, err := Get(ctx, tx, partnershipID, id)
	if err != nil {
		return SubmitResult{}, err
	}
	ref, err := NextReference(ctx, tx, partnershipID, string(r.Kind), prefix, now.Year())
	if err != nil {
		return SubmitResult{}, err
	}
	// The requester's details are kept as they gave them in the form.
	a := r.Answers
	var orgID *int64
	if n, err := strconv.ParseInt(a.Get("requester_organisation"), 10, 64); err == nil {
		orgID = &n
	}
	err = tx.QueryRow(ctx, `UPDATE intake_request SET status = 'received', reference = $2, submitted_at = $3, updated_at = $3,
			requester_name = coalesce(nullif($4, ''), requester_name), requester_job_title = coalesce(nullif($5, ''), requester_job_title),
			requester_email = coalesce(nullif($6, ''), requester_email), requester_phone = $7,
			organisation_id = coalesce($8, organisation_id), version = version + 1
		WHERE id = $1 RETURNING requester_name, requester_email, organisation_id`,
		id, ref, now, strings.TrimSpace(a.Get("requester_name")), strings.TrimSpace(a.Get("requester_job_title")),
		strings.TrimSpace(a.Get("requester_email")), strings.TrimSpace(a.Get("requester_phone")), orgID).
		Scan(&r.RequesterName, &r.RequesterEmail, &r.OrganisationID)
	if err != nil {
		return SubmitResult{}, fmt.Errorf("intake: submit: %w", err)
	}
	if err := addEvent(ctx, tx, id, &requesterID, Received, "", now); err != nil {
		return SubmitResult{}, err
	}
	r.Reference, r.Status, r.SubmittedAt = ref, Received, &now
	return SubmitResult{Request: r}, nil
}

// NextReference gives the next reference of a kind of record, PREFIX-KIND-YEAR-NNNN, numbered per
// partnership, kind and year from a counter updated in the caller's transaction: a transaction
// that fails gives its number back, so there are no gaps.
func NextReference(ctx context.Context, tx pgx.Tx, partnershipID int64, kind, prefix string, year int) (string, error) {
	var n int
	err := tx.QueryRow(ctx, `
		INSERT INTO reference_counter (partnership_id, kind, year, last) VALUES ($1, $2, $3, 1)
		ON CONFLICT (partnership_id, kind, year) DO UPDATE SET last = reference_counter.last + 1
		RETURNING last`, partnershipID, kind, year).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("intake: reference: %w", err)
	}
	return fmt.Sprintf("%s-%s-%d-%04d", strings.ToUpper(prefix), strings.ToUpper(kind), year, n), nil
}

func addEvent(ctx context.Context, q database.Querier, requestID int64, actorID *int64, s Status, note string, at time.Time) error {
	_, err := q.Exec(ctx, `INSERT INTO intake_event (request_id, at, actor_id, status, note) VALUES ($1, $2, $3, $4, $5)`,
		requestID, at, actorID, s, note)
	if err != nil {
		return fmt.Errorf("intake: event: %w", err)
	}
	return nil
}

// Event is one step of a request's timeline.
type Event struct {
	RequestID int64
	At        time.Time
	ActorName string
	Status    Status
	Note      string
}

// Events returns the timelines of the given requests, oldest step first, in one query.
func Events(ctx context.Context, q database.Querier, requestIDs []int64) (map[int64][]Event, error) {
	events, err := database.All[Event](ctx, q, "intake: events", `
		SELECT e.request_id, e.at, coalesce(u.name, ''), e.status, e.note
		FROM intake_event e LEFT JOIN app_user u ON u.id = e.actor_id
		WHERE e.request_id = ANY ($1) ORDER BY e.at, e.id`, requestIDs)
	if err != nil {
		return nil, err
	}
	return database.Group(events, func(e Event) int64 { return e.RequestID }), nil
}

// Mine returns page p of a person's requests in a partnership (one more when another page
// follows: app.PageOf), drafts included, newest first, by the index intake_request_mine.
func Mine(ctx context.Context, q database.Querier, partnershipID, requesterID int64, p app.Page) ([]Request, error) {
	return database.AllWith(ctx, q, scanRequest, "intake: mine", requestSelect+` WHERE r.partnership_id = $1 AND r.requester_id = $2
		ORDER BY r.created_at DESC, r.id DESC LIMIT $3 OFFSET $4`, partnershipID, requesterID, p.Limit(), p.Offset())
}

// Filter selects requests for the inbox. Empty fields match everything.
type Filter struct {
	PartnershipID  int64
	Kind           Kind
	OrganisationID int64
	Status         Status
	From, To       time.Time // submitted on or after From, before To
	Page           app.Page  // the zero Page: the first, at the default size
	Today          time.Time // the day each request's Stage is read on (a local CSPR published from its day)
}

// Inbox returns one page of submitted requests, newest first, and how many match in all, in one
// query. The page is read by the index in its order (intake_request_inbox_keyset) and only its
// rows are joined, with each one's Stage (by the unique indexes of rapid_review.request_id and
// local_cspr.review_id), so a row's status reads as on the request's page (StatusLabel); the total
// is counted from the index alone, and no request's answers are read (the window count over every
// request with its answers was the inbox's time at volume).
func Inbox(ctx context.Context, q database.Querier, f Filter) ([]Request, int, error) {
	if f.Page.Whole() {
		f.Page = app.FirstPage
	}
	total := 0
	scan := func(row pgx.CollectableRow) (Request, error) { return scanListed(row, &total) }
	list, err := database.AllWith(ctx, q, scan, "intake: inbox", `
		WITH page AS (SELECT r.id FROM intake_request r`+inboxWhere+inboxOrder+` LIMIT $7 OFFSET $8)
		SELECT `+listedColumns+`, (SELECT count(*) FROM intake_request r`+inboxWhere+`), `+stageCase("$9")+requestFrom+`
		JOIN page ON page.id = r.id`+stageJoin+inboxOrder, append(f.args(), f.Page.Size, f.Page.Offset(), f.Today)...)
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// EachInInbox calls fn with every submitted request f selects (its page ignored), newest first,
// as it is read, with its Stage: the inbox's download.
func EachInInbox(ctx context.Context, q database.Querier, f Filter, fn func(Request) error) error {
	var none int
	scan := func(row pgx.CollectableRow) (Request, error) { return scanListed(row, &none) }
	return database.Each(ctx, q, scan, fn, "intake: inbox download", `
		SELECT `+listedColumns+`, 0, `+stageCase("$7")+requestFrom+stageJoin+inboxWhere+inboxOrder, append(f.args(), f.Today)...)
}

// listedColumns are requestColumns as lists read them: of the answers, only the urgency, which
// marks a request urgent (scanListed), for the rows of the page alone.
var listedColumns = strings.Replace(requestColumns, "r.answers", "jsonb_build_object('urgency', r.answers->'urgency')", 1)

// inboxOrder is the inbox's order, newest first, as its index holds it.
const inboxOrder = `
		ORDER BY r.submitted_at DESC, r.id DESC`

// inboxWhere selects the inbox's requests of intake_request r by the filter's args ($1 to $6).
const inboxWhere = `
		WHERE r.partnership_id = $1 AND r.status <> 'draft'
		  AND ($2 = '' OR r.kind = $2)
		  AND ($3::bigint = 0 OR r.organisation_id = $3)
		  AND ($4 = '' OR r.status = $4)
		  AND ($5::timestamptz IS NULL OR r.submitted_at >= $5)
		  AND ($6::timestamptz IS NULL OR r.submitted_at < $6)`

// args are the filter's values for inboxWhere.
func (f Filter) args() []any {
	var from, to *time.Time
	if !f.From.IsZero() {
		from = &f.From
	}
	if !f.To.IsZero() {
		to = &f.To
	}
	return []any{f.PartnershipID, f.Kind, f.OrganisationID, f.Status, from, to}
}

// scanListed reads a request as a list shows it (requestColumns, a count, put in total, and its
// stage); of its answers, only a KLOE request's urgency is read.
func scanListed(row pgx.CollectableRow, total *int) (Request, error) {
	var r Request
	var answers []byte
	err := row.Scan(&r.ID, &r.PartnershipID, &r.Kind, &r.Reference, &r.Status, &r.RequesterID, &r.RequesterName,
		&r.RequesterJobTitle, &r.RequesterEmail, &r.RequesterPhone, &r.OrganisationID, &r.OrganisationName,
		&r.Title, &answers, &r.Outcome, &r.WithdrawnReason, &r.CreatedAt, &r.UpdatedAt, &r.SubmittedAt, &r.Version, total, &r.Stage)
	if err != nil || r.Kind != KLOE {
		return r, err
	}
	// Of the answers, a list reads only the urgency, which marks a request urgent.
	var urgency struct {
		Urgency []string `json:"urgency"`
	}
	if json.Unmarshal(answers, &urgency) == nil {
		r.Answers = url.Values{"urgency": urgency.Urgency}
	}
	return r, nil
}

// Withdraw withdraws a requester's own request, with their reason, while the Engine Room has not
// yet looked at it.
func Withdraw(ctx context.Context, tx pgx.Tx, partnershipID, id, requesterID int64, reason string, now time.Time) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return ErrNoReason
	}
	tag, err := tx.Exec(ctx, `UPDATE intake_request SET status = 'withdrawn', withdrawn_reason = $4, updated_at = $5, version = version + 1
		WHERE partnership_id = $1 AND id = $2 AND requester_id = $3 AND status = 'received'`, partnershipID, id, requesterID, truncate(reason, 2000), now)
	if err != nil {
		return fmt.Errorf("intake: withdraw: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrTooLate
	}
	return addEvent(ctx, tx, id, &requesterID, Withdrawn, reason, now)
}

// SetStatus moves a submitted request on: to being considered, or closed with an outcome the
// requester reads. It is refused if the request changed since version was read.
func SetStatus(ctx context.Context, tx pgx.Tx, partnershipID, id, actorID int64, to Status, outcome string, version int, now time.Time) error {
	outcome = strings.TrimSpace(outcome)
	switch to {
	case Considering:
	case Closed:
		if outcome == "" {
			return ErrNoOutcome
		}
	default:
		return ErrBadStatus
	}
	tag, err := tx.Exec(ctx, `UPDATE intake_request SET status = $3, outcome = CASE WHEN $3 = 'closed' THEN $4 ELSE outcome END,
		updated_at = $5, version = version + 1
		WHERE partnership_id = $1 AND id = $2 AND version = $6 AND status IN ('received', 'considering')`,
		partnershipID, id, to, truncate(outcome, 10000), now, version)
	if err != nil {
		return fmt.Errorf("intake: set status: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrConflict
	}
	return addEvent(ctx, tx, id, &actorID, to, outcome, now)
}

// Attachment is a supporting document, without its content.
type Attachment struct {
	ID          int64
	RequestID   int64
	Filename    string
	ContentType string
	Size        int
}

// AddAttachment stores a document checked by DetectType on a draft, refusing a sixth.
func AddAttachment(ctx context.Context, tx pgx.Tx, requestID int64, filename, contentType string, data []byte) (int64, error) {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM intake_attachment WHERE request_id = $1`, requestID).Scan(&n); err != nil {
		return 0, fmt.Errorf("intake: count attachments: %w", err)
	}
	if n >= MaxFiles {
		return 0, ErrTooMany
	}
	sum := sha256.Sum256(data)
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO intake_attachment (request_id, filename, content_type, size, sha256, data)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, requestID, CleanFilename(filename), contentType, len(data), sum[:], data).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("intake: add attachment: %w", err)
	}
	return id, nil
}

// Attachments lists a request's documents, oldest first.
func Attachments(ctx context.Context, q database.Querier, requestID int64) ([]Attachment, error) {
	return database.All[Attachment](ctx, q, "intake: attachments", `SELECT id, request_id, filename, content_type, size FROM intake_attachment WHERE request_id = $1 ORDER BY id`, requestID)
}

// AttachmentData returns one document of a request with its content.
func AttachmentData(ctx context.Context, q database.Querier, requestID, id int64) (Attachment, []byte, error) {
	var a Attachment
	var data []byte
	err := q.QueryRow(ctx, `SELECT id, request_id, filename, content_type, size, data FROM intake_attachment WHERE request_id = $1 AND id = $2`,
		requestID, id).Scan(&a.ID, &a.RequestID, &a.Filename, &a.ContentType, &a.Size, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, nil, ErrNotFound
	}
	if err != nil {
		return a, nil, fmt.Errorf("intake: attachment: %w", err)
	}
	return a, data, nil
}

// RemoveAttachment deletes a document from a draft.
func RemoveAttachment(ctx context.Context, q database.Querier, requestID, id int64) error {
	return database.Exec(ctx, q, ErrNotFound, "intake: remove attachment", `DELETE FROM intake_attachment a USING intake_request r
		WHERE a.request_id = r.id AND r.status = 'draft' AND a.request_id = $1 AND a.id = $2`, requestID, id)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
