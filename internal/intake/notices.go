package intake

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/mail"
	"github.com/scp-portal/portal/internal/notices"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
)

// Urgent reports whether the writer of a KLOE request said children may be at risk now: the
// inbox and the Engine Room's e-mail mark it.
func (r Request) Urgent() bool { return r.Kind == KLOE && r.Answers.Get("urgency") == "urgent" }

// acknowledgement tells the writer their request arrived: its reference and where to follow it,
// never its content. An urgent request repeats where to go while children may be at risk.
func acknowledgement(to string, p partnership.Partnership, req Request, baseURL string) mail.Message {
	body := fmt.Sprintf("%s has received your %s.\n\nYour reference is %s.\n\nYou can follow what happens to it at %s/%s/my/submissions\n",
		p.Name, req.Kind.Label(), req.Reference, baseURL, p.Slug)
	if req.Urgent() {
		body = UrgentAdvice(p.FrontDoor) + "\n\n" + body
	}
	return mail.Message{To: to, Subject: "We have received your request " + req.Reference, Body: body}
}

// arrival tells the Engine Room and business unit that a request has arrived: its kind, reference
// and date, and a link; never its content. A CSPR consideration request is a notice with a
// statutory deadline; a KLOE request whose writer says children may be at risk now is marked
// urgent and goes at once whatever each person chose.
func arrival(p partnership.Partnership, req Request, baseURL string) notices.Notice {
	n := notices.Notice{Kind: notices.RequestArrived,
		Subject: "New " + req.Kind.Label() + " " + req.Reference,
		Line: fmt.Sprintf("A new %s, %s, reached %s on %s.", req.Kind.Label(), req.Reference, p.ShortName,
			req.SubmittedAt.In(app.London).Format("2 January 2006")+" at "+app.Clock(*req.SubmittedAt)),
		Link: baseURL + paths.Request(p.Slug, req.ID)}
	if req.Kind == CSPR {
		n.Kind = notices.CSPRArrived
	}
	if req.Urgent() {
		n.Urgent = true
		n.Subject = "URGENT: " + n.Subject
		n.Line += "\n\nThe writer says children may be at risk now."
	}
	return n
}

// NotifyOutcome tells the writer of the partnership's request id, inside tx, that it has its
// outcome: the reference and where to read it. The Engine Room's triage and the inbox's closing
// both call it.
func NotifyOutcome(ctx context.Context, tx pgx.Tx, baseURL string, partnershipID, id int64) error {
	req, err := Get(ctx, tx, partnershipID, id)
	if err != nil {
		return err
	}
	slug, err := notices.Slug(ctx, tx, partnershipID)
	if err != nil {
		return err
	}
	return notices.Send(ctx, tx, baseURL, notices.Notice{Kind: notices.RequestOutcome,
		Subject: "Your request " + req.Reference + " has its outcome",
		Line:    "The partnership has decided what happens to your request " + req.Reference + ".",
		Link:    baseURL + paths.MySubmissions(slug)}, req.RequesterID)
}

// NotifyReviewStarted tells the writer of the CSPR consideration request req, inside tx, that a
// rapid review has started from it: the request's reference only, never the review's title.
func NotifyReviewStarted(ctx context.Context, tx pgx.Tx, baseURL string, req Request) error {
	slug, err := notices.Slug(ctx, tx, req.PartnershipID)
	if err != nil {
		return err
	}
	return notices.Send(ctx, tx, baseURL, notices.Notice{Kind: notices.ReviewStarted,
		Subject: "A rapid review has started from your request " + req.Reference,
		Line:    "The partnership has started a rapid review from your request " + req.Reference + ". The business unit may ask your agency for information.",
		Link:    baseURL + paths.MySubmissions(slug)}, req.RequesterID)
}
