package views

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/scp-portal/portal/internal/audit"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/internal/workdays"
	"github.com/scp-portal/portal/web/paths"
)

// OrganisationChoices are the partnership's organisations as options, after any first ones such
// as "Choose the organisation".
func OrganisationChoices(orgs []partnership.Organisation, first ...Option) []Option {
	opts := append([]Option(nil), first...)
	for _, o := range orgs {
		opts = append(opts, Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	return opts
}

// NewOrganisationRows lists the partnership's organisations for the business unit.
func NewOrganisationRows(slug string, orgs []partnership.Organisation) []OrganisationRow {
	rows := make([]OrganisationRow, 0, len(orgs))
	for _, o := range orgs {
		rows = append(rows, OrganisationRow{Name: o.Name, Category: partnership.CategoryLabel(o.Category),
			Statutory: partnership.StatutoryRoles.Label(o.StatutoryRole), Domains: strings.Join(o.EmailDomains, ", "),
			EditHref: paths.EditOrganisation(slug, o.ID)})
	}
	return rows
}

// OrganisationFormView is the form to add an organisation or change one: its heading, where it
// posts, and its choices.
type OrganisationFormView struct {
	Heading    string
	Action     string
	Categories []Option
	Statutory  []Option
}

// NewOrganisationForm is the form to add an organisation (id 0) or to change organisation id.
func NewOrganisationForm(slug string, id int64) OrganisationFormView {
	v := OrganisationFormView{Heading: "Add an organisation", Action: paths.Organisations(slug),
		Categories: Choices(partnership.Categories, Option{Value: "", Label: "Choose a kind"}),
		Statutory:  []Option{{Value: "", Label: "No, it is a relevant agency"}}}
	if id != 0 {
		v.Heading, v.Action = "Change an organisation", paths.Organisation(slug, id)
	}
	for _, sr := range partnership.StatutoryRoles {
		v.Statutory = append(v.Statutory, Option{Value: sr.Value, Label: "Yes: " + sr.Label})
	}
	return v
}

// OrganisationValues fills the organisation form with o, or leaves it empty for a new one (o.ID 0).
func OrganisationValues(o partnership.Organisation) Form {
	if o.ID == 0 {
		return NewForm(url.Values{"statutory_role": {""}})
	}
	return NewForm(url.Values{"name": {o.Name}, "category": {string(o.Category)}, "statutory_role": {o.StatutoryRole},
		"email_domains": {strings.Join(o.EmailDomains, ", ")}, "version": {strconv.Itoa(o.Version)}})
}

// SettingsValues fills the form of the partnership's public details and priorities.
func SettingsValues(in partnership.SettingsInput) Form {
	return NewForm(url.Values{"area": {in.Area}, "contact_email": {in.ContactEmail}, "front_door": {in.FrontDoor}, "colour": {in.Colour},
		"priorities": {strings.Join(in.Priorities, "\n")}, "year_starts": {strconv.Itoa(in.YearStarts)},
		"send_within": {strconv.Itoa(in.SendWithin)}, "version": {strconv.Itoa(in.Version)}})
}

// NewBodyRows lists the partnership's bodies for the business unit.
func NewBodyRows(slug string, bodies []partnership.Body) []BodyRow {
	rows := make([]BodyRow, 0, len(bodies))
	for _, b := range bodies {
		rows = append(rows, BodyRow{Name: b.Name, Kind: partnership.BodyKindLabel(b.Kind), Members: b.MemberCount,
			ManageHref: paths.ManageBody(slug, b.ID), EditHref: paths.EditBody(slug, b.ID)})
	}
	return rows
}

// BodyFormView is the form to add a body or change one: its heading, where it posts, the kinds.
type BodyFormView struct {
	Heading string
	Action  string
	Kinds   []Option
}

// NewBodyForm is the form to add a body (id 0) or to change body id.
func NewBodyForm(slug string, id int64) BodyFormView {
	v := BodyFormView{Heading: "Add a body", Action: paths.Bodies(slug), Kinds: Choices(partnership.BodyKinds)}
	if id != 0 {
		v.Heading, v.Action = "Change a body", paths.EditBody(slug, id)
	}
	return v
}

// BodyValues fills the body form with b.
func BodyValues(b partnership.Body) Form {
	return NewForm(url.Values{"name": {b.Name}, "kind": {b.Kind}, "description": {b.Description}, "version": {strconv.Itoa(b.Version)}})
}

// NewBodyPage is a body as its pages show it: its members (those whose membership has ended too,
// for the business unit) and a page of its chair rota, chair the period covering today marked,
// rotaPager its controls; canManage adds the link to the business unit's page.
func NewBodyPage(slug string, b partnership.Body, members []partnership.Member, rota []partnership.RotaEntry,
	chair partnership.RotaEntry, rotaPager Pager, today time.Time, canManage bool) BodyPageView {
	v := BodyPageView{ID: b.ID, Name: b.Name, Kind: partnership.BodyKindLabel(b.Kind), Description: b.Description,
		CanManage: canManage, ManageHref: paths.ManageBody(slug, b.ID), RotaPager: rotaPager}
	for _, m := range members {
		v.Members = append(v.Members, MemberRow{MembershipID: m.MembershipID, Name: m.UserName, JobTitle: m.JobTitle,
			Role: partnership.MemberRoleLabel(m.Role), OrgName: m.OrganisationName, Since: m.StartsOn, Until: m.EndsOn,
			Current: m.Current(today)})
	}
	for _, e := range rota {
		v.Rota = append(v.Rota, RotaRow{OrgName: e.OrganisationName, From: e.StartsOn, To: e.EndsOn, Current: chair.ID != 0 && e.ID == chair.ID})
	}
	return v
}

// NewManageBody is the business unit's page of body d: its members and a page of its rota (with
// rotaPager, its controls) with the forms to add a member and a period of the rota, as posted
// (memberForm, rotaForm).
func NewManageBody(slug string, d partnership.BodyDetail, rotaPager Pager, memberForm, rotaForm Form) ManageBodyView {
	v := ManageBodyView{Body: NewBodyPage(slug, d.Body, d.Members, d.Rota.Rows, d.Chair, rotaPager, d.Today, false), MemberForm: memberForm, RotaForm: rotaForm,
		People:        []Option{{Value: "", Label: "Choose a person"}},
		Roles:         Choices(partnership.MemberRoles, Option{Value: "", Label: "Choose a role"}),
		Organisations: OrganisationChoices(d.Organisations, Option{Value: "", Label: "None (independent)"}),
		Partners:      []Option{{Value: "", Label: "Choose a statutory partner"}},
		AddAction:     paths.Members(slug, d.ID), RotaAction: paths.Rota(slug, d.ID)}
	for i, m := range v.Body.Members {
		v.Body.Members[i].EndHref = paths.EndMember(slug, d.ID, m.MembershipID)
	}
	for _, person := range d.People {
		v.People = append(v.People, Option{Value: strconv.FormatInt(person.ID, 10), Label: person.Name + " (" + person.Email + ")"})
	}
	for _, o := range d.Organisations {
		if o.IsStatutoryPartner() {
			v.Partners = append(v.Partners, OrganisationChoices([]partnership.Organisation{o})...)
		}
	}
	return v
}

// Title is the page's title: the body's name, after "Error: " when a form came back with problems.
func (v ManageBodyView) Title() string {
	if v.MemberForm.Invalid() || v.RotaForm.Invalid() {
		return "Error: " + v.Body.Name
	}
	return v.Body.Name
}

// userStatusTags colour each account status's tag.
var userStatusTags = map[identity.Status]string{
	identity.Pending: "tag--yellow", identity.Invited: "tag--grey", identity.Unverified: "tag--grey",
	identity.Active: "tag--green", identity.Disabled: "tag--red",
}

// UsersView is the business unit's list of accounts, filtered by status.
type UsersView struct {
	Rows         []UserRow
	Statuses     []Option
	Status       string
	InviteHref   string
	FilterAction string
}

// NewUsers lists the partnership's accounts (those of status, or all) with the changes of status
// each allows; self, the person looking, may not disable their own account.
func NewUsers(slug string, users []identity.Listed, status string, self int64) UsersView {
	v := UsersView{Rows: make([]UserRow, 0, len(users)), Status: status,
		Statuses:   Choices(identity.Statuses, Option{Value: "", Label: "Everyone"}),
		InviteHref: paths.Invite(slug), FilterAction: paths.Users(slug)}
	for _, u := range users {
		row := UserRow{ID: u.ID, Name: u.Name, Email: u.Email, JobTitle: u.JobTitle, OrgName: u.OrgName,
			Status: identity.Statuses.Label(string(u.Status)), StatusTag: userStatusTags[u.Status], Created: u.CreatedAt}
		change := func(label, to string, warning bool) UserAction {
			// What takes access away is asked first, on its page (issue #14).
			return UserAction{Label: label, Action: paths.UserStatus(slug, u.ID, to), Warning: warning, Confirm: warning}
		}
		end := UserAction{Label: "End membership", Action: paths.EndMembership(slug, u.ID), Warning: true, Confirm: true}
		switch {
		case u.Joined:
			// Their account is another partnership's: its business unit changes it; this one ends
			// their membership of it, or withdraws its invitation to join.
			row.Joined = true
			if u.Status == identity.Invited {
				end.Label = "Withdraw invitation"
			}
			if u.ID != self {
				row.Actions = []UserAction{end}
			}
		case u.Status == identity.Pending:
			row.Actions = []UserAction{change("Approve", "approve", false), change("Refuse", "disable", true)}
		case u.Status == identity.Active:
			if u.ID != self {
				row.Actions = []UserAction{change("Disable", "disable", true)}
				if u.Elsewhere {
					row.Actions = append(row.Actions, end)
				}
			}
		case u.Status == identity.Disabled:
			row.Actions = []UserAction{change("Enable", "enable", false)}
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// NewAuditRows lists entries of the audit log as the business unit reads them.
func NewAuditRows(entries []audit.Entry) []AuditRow {
	var rows []AuditRow
	for _, e := range entries {
		obj := e.ObjectType
		if e.ObjectID != "" {
			obj += ":" + e.ObjectID
		}
		actor := e.ActorEmail
		if actor == "" {
			actor = "Someone not signed in"
		}
		rows = append(rows, AuditRow{At: e.At, Actor: actor, Action: string(e.Action), Outcome: string(e.Outcome),
			Object: obj, IP: e.IP, Detail: e.Detail})
	}
	return rows
}

// AuditOlderHref is the link to the page of older entries, the search query kept, when entries
// filled a page; "" when there are no more.
func AuditOlderHref(slug string, query url.Values, entries []audit.Entry) string {
	return olderPage(paths.AuditLog(slug), query, entries, partnership.LogPage, func(e audit.Entry) int64 { return e.ID })
}

// NewPartnershipRows lists every partnership for the system administrator, with its people.
func NewPartnershipRows(list []partnership.Summary) []PartnershipRow {
	rows := make([]PartnershipRow, 0, len(list))
	for _, p := range list {
		rows = append(rows, PartnershipRow{Name: p.Name, Slug: p.Slug, People: p.Active, Pending: p.Pending})
	}
	return rows
}

// NewHolidayRows lists days that are not working days.
func NewHolidayRows(hs []workdays.Holiday) []HolidayRow {
	rows := make([]HolidayRow, 0, len(hs))
	for _, h := range hs {
		rows = append(rows, HolidayRow{Day: h.Date, Name: h.Name})
	}
	return rows
}

// NewSessionRows lists where the person is signed in; browser names a User-Agent header in words
// a person recognises.
func NewSessionRows(list []identity.SessionInfo) []SessionRow {
	rows := make([]SessionRow, 0, len(list))
	for _, si := range list {
		rows = append(rows, SessionRow{ID: si.PublicID, Started: si.CreatedAt, LastSeen: si.LastSeen, IP: si.IP,
			Browser: BrowserName(si.UserAgent), Current: si.Current, EndHref: paths.EndSession(si.PublicID)})
	}
	return rows
}

// NewRegister is a partnership's registration form: its organisations to choose from, and a last
// choice for someone whose organisation is not listed.
func NewRegister(slug string, orgs []partnership.Organisation) RegisterView {
	opts := append(OrganisationChoices(orgs, Option{Value: "", Label: "Choose your organisation"}),
		Option{Value: identity.OtherOrganisation, Label: "My organisation is not listed"})
	return RegisterView{Action: paths.Register(slug), Organisations: opts}
}

// Notice is a page that tells the person what happened and what they can do next.
type Notice struct {
	Title      string
	Heading    string
	Paragraphs []string
	LinkText   string // "" for no link onward
	LinkHref   string
}

// ResetLinkSent says a link to choose a new password went to email, if it has an account.
func ResetLinkSent(email string) Notice {
	return Notice{Title: "Check your e-mail", Heading: "Check your e-mail",
		Paragraphs: []string{"If " + email + " has an account, we have sent it a link to choose a new password. The link works for an hour.",
			"If nothing arrives within a few minutes, check your spam folder."}, LinkText: "Back to sign in", LinkHref: paths.SignIn()}
}

// PasswordChanged says the password was changed and the person signed out everywhere.
func PasswordChanged() Notice {
	return Notice{Title: "Password changed", Heading: "Your password has been changed",
		Paragraphs: []string{"You have been signed out everywhere you were signed in. Sign in with your new password."},
		LinkText:   "Sign in", LinkHref: paths.SignIn()}
}

// LinkNotValid explains a one-time link that has expired or been used.
func LinkNotValid() Notice {
	return Notice{Title: "Link not valid", Heading: "This link has expired or has already been used",
		Paragraphs: []string{"Links in our e-mails work once, for a limited time.", "Ask for a new one, or sign in if you have already finished."},
		LinkText:   "Go to sign in", LinkHref: paths.SignIn()}
}

// EmailConfirmed says the address is confirmed: the account is ready when active, and otherwise
// waits for the business unit's approval.
func EmailConfirmed(active bool) Notice {
	n := Notice{Title: "E-mail address confirmed", Heading: "Your e-mail address is confirmed"}
	if active {
		n.Paragraphs, n.LinkText, n.LinkHref = []string{"Your account is ready."}, "Sign in", paths.SignIn()
		return n
	}
	n.Paragraphs = []string{"Your e-mail address is not from one of the partnership's organisations, so the partnership's business unit will check your registration.",
		"We will e-mail you when they have approved it."}
	return n
}

// InvitationAccepted says the invited account is ready.
func InvitationAccepted() Notice {
	return Notice{Title: "Account created", Heading: "Your account is ready",
		Paragraphs: []string{"Sign in with your e-mail address and the password you chose."}, LinkText: "Sign in", LinkHref: paths.SignIn()}
}

// RegistrationSent says a link to confirm the address went to email.
func RegistrationSent(email string) Notice {
	return Notice{Title: "Check your e-mail", Heading: "Check your e-mail",
		Paragraphs: []string{"We have sent a link to " + email + ". Open it within 24 hours to confirm your e-mail address and finish registering.",
			"If nothing arrives within a few minutes, check your spam folder."}}
}

// LinkPage is the page a one-time link opens: a heading, what to do, and the form's button.
type LinkPage struct {
	Heading string
	Intro   string
	Action  string
	Button  string
}

// NewResetPassword is the new-password form of reset link token.
func NewResetPassword(token string) LinkPage {
	return LinkPage{Heading: "Choose a new password", Action: paths.ResetPassword(token), Button: "Save new password"}
}

// NewAcceptInvitation is the choose-a-password form of invitation token, sent to email.
func NewAcceptInvitation(token, email string) LinkPage {
	return LinkPage{Heading: "Accept your invitation", Intro: "Choose a password for " + email + ".",
		Action: paths.AcceptInvitation(token), Button: "Create account"}
}

// NewVerifyEmail asks the person to confirm email, the address verification link token was sent to.
func NewVerifyEmail(token, email string) Confirm {
	return Confirm{Heading: "Confirm your e-mail address", Intro: "Confirm that " + email + " is your e-mail address to finish registering.",
		Action: paths.VerifyEmail(token), Button: "Confirm"}
}

// MonthOptions are the months a reporting year may start in, for the settings form.
func MonthOptions() []Option {
	opts := make([]Option, 0, len(partnership.Months))
	for _, c := range partnership.Months {
		opts = append(opts, Option{Value: c.Value, Label: c.Label})
	}
	return opts
}
