package onboarding

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/partnership"
)

// The bounds of one import: a partnership's directory in one file, and nothing a spreadsheet
// could not have saved. A larger directory is imported in several files.
const (
	MaxFileBytes = 512 << 10
	MaxRows      = 2000
)

// Column is one column of the directory file, as its heading names it.
type Column struct {
	Heading string
	Help    string // what goes in it, for the import page
}

// The columns of the directory file, in the template's order. Each row is an organisation or a
// person (its Type); a row leaves blank the columns of the other kind.
var (
	ColType             = Column{"Type", "Organisation or Person."}
	ColName             = Column{"Name", "The organisation's name, or the person's full name."}
	ColEmail            = Column{"E-mail", "People: their work e-mail address, where their invitation goes."}
	ColJobTitle         = Column{"Job title", "People: their job title."}
	ColOrganisation     = Column{"Organisation", "People: the organisation they work for, named as in this file or on the portal; blank for an independent person."}
	ColCategory         = Column{"Category", "Organisations: Local authority, Health, Police, Education, Justice, Voluntary and community, or Other."}
	ColStatutoryPartner = Column{"Statutory partner", "Organisations: Local authority, Health or Police for one of the three statutory partners; blank for a relevant agency."}
	ColEmailDomains     = Column{"E-mail domains", "Organisations: the domains of its staff's addresses, like council.gov.uk, separated by spaces; blank for none."}
	ColBody             = Column{"Body", "People: the body they sit on, named as on the portal (Executive, Engine Room...); blank for none."}
	ColRole             = Column{"Role in body", "People: Chair, Vice-chair, Member, Co-opted member, Delegate, Adviser or Officer; blank for Member."}

	Columns = []Column{ColType, ColName, ColEmail, ColJobTitle, ColOrganisation, ColCategory, ColStatutoryPartner,
		ColEmailDomains, ColBody, ColRole}
)

// Headings are the template's heading row.
func Headings() []string {
	h := make([]string, len(Columns))
	for i, c := range Columns {
		h[i] = c.Heading
	}
	return h
}

// Problem is one reason a row is refused: the row as the spreadsheet numbers it (the heading is
// row 1; 0 for the file as a whole), the column's heading ("" for the whole row) and what is wrong.
type Problem struct {
	Row     int
	Column  string
	Message string
}

// OrganisationRow is an organisation the file would add.
type OrganisationRow struct {
	Row int
	partnership.Organisation
}

// PersonRow is a person the file would invite, with their seat on a body if it names one.
type PersonRow struct {
	Row          int
	Invitation   identity.Invitation
	Organisation string // as typed: its key is lower-case
	BodyID       int64
	BodyName     string
	Role         string // a member role (partnership.MemberRoles); "" with no body
}

// Plan is what a file would make, in the file's order.
type Plan struct {
	Organisations []OrganisationRow
	People        []PersonRow
}

// existing is what the partnership and the installation already hold that a file's rows are
// checked against.
type existing struct {
	organisations map[string]int64 // lower-case name -> id
	bodies        []partnership.Body
	accounts      map[string]bool // e-mail addresses with an account
}

// body finds the body a cell names: by its name on the portal, or else by the name of its kind
// when the partnership has one body of that kind.
func (e existing) body(cell string) (partnership.Body, bool) {
	key := strings.ToLower(cell)
	for _, b := range e.bodies {
		if strings.ToLower(b.Name) == key {
			return b, true
		}
	}
	var found []partnership.Body
	for _, b := range e.bodies {
		if strings.ToLower(partnership.BodyKindLabel(b.Kind)) == key {
			found = append(found, b)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return partnership.Body{}, false
}

// readFile reads the file's rows after checking it as a whole: its size, its encoding, its
// heading. It returns the rows with their spreadsheet numbers and the index of each column.
func readFile(content []byte) ([][]string, []int, map[Column]int, []Problem) {
	fileProblem := func(msg string) []Problem { return []Problem{{Message: msg}} }
	switch {
	case len(content) == 0:
		return nil, nil, nil, fileProblem("The file is empty: download the template, fill it in and save it as CSV")
	case len(content) > MaxFileBytes:
		return nil, nil, nil, fileProblem(fmt.Sprintf("The file is larger than %d KB: split it into several files of at most %d rows", MaxFileBytes>>10, MaxRows))
	case bytes.IndexByte(content, 0) >= 0 || !utf8.Valid(content):
		return nil, nil, nil, fileProblem("The file is not text in UTF-8: in your spreadsheet, save it as \"CSV UTF-8 (comma delimited)\"")
	}
	content = bytes.TrimPrefix(content, []byte("\uFEFF")) // the byte order mark spreadsheets write
	r := csv.NewReader(bytes.NewReader(content))
	r.FieldsPerRecord = -1
	var rows [][]string
	var numbers []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			return nil, nil, nil, []Problem{{Row: perr.StartLine, Message: "This row cannot be read as CSV: check its quotation marks"}}
		}
		if err != nil {
			return nil, nil, nil, fileProblem("The file cannot be read as CSV")
		}
		if len(rows) > MaxRows {
			return nil, nil, nil, fileProblem(fmt.Sprintf("The file has more than %d rows: split it into several files", MaxRows))
		}
		if len(rows) > 0 && blank(rec) {
			continue
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, rec)
		numbers = append(numbers, line)
	}
	if len(rows) == 0 {
		return nil, nil, nil, fileProblem("The file is empty: download the template, fill it in and save it as CSV")
	}
	index := map[Column]int{}
	for i, h := range rows[0] {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		for _, c := range Columns {
			if strings.ToLower(c.Heading) == h {
				index[c] = i
			}
		}
	}
	var missing []string
	for _, c := range Columns {
		if _, ok := index[c]; !ok {
			missing = append(missing, c.Heading)
		}
	}
	if len(missing) > 0 {
		return nil, nil, nil, []Problem{{Row: 1, Message: "The heading row lacks the columns " + strings.Join(missing, ", ") +
			": start from the template, whose first row names every column"}}
	}
	return rows[1:], numbers[1:], index, nil
}

// blank reports whether every cell of a row is empty, as spreadsheets leave rows at the end.
func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// cellProblem is what is wrong with a cell whatever its column: a spreadsheet would run it as a
// formula, or it holds a line break or another control character.
func cellProblem(v string) string {
	if v == "" {
		return ""
	}
	if strings.ContainsAny(v[:1], "=+-@\t\r") {
		return fmt.Sprintf("It starts with %q, which makes a spreadsheet run it as a formula: remove that character", v[:1])
	}
	if strings.IndexFunc(v, unicode.IsControl) >= 0 {
		return "It holds a line break or another control character: keep it on one line"
	}
	return ""
}

// choose finds the choice a cell names, by its label or its value, ignoring case.
func choose(cs app.Choices, cell string) (string, bool) {
	for _, c := range cs {
		if strings.EqualFold(c.Label, cell) || strings.EqualFold(c.Value, cell) {
			return c.Value, true
		}
	}
	return "", false
}

// labels lists the choices' labels for a message.
func labels(cs app.Choices) string {
	l := make([]string, len(cs))
	for i, c := range cs {
		l[i] = c.Label
	}
	return strings.Join(l, ", ")
}

// statutoryPartners are the answers the Statutory partner column takes: the partner's kind, by its
// short name or its full one.
var statutoryPartners = app.Choices{{Value: "local_authority", Label: "Local authority"}, {Value: "health", Label: "Health"},
	{Value: "police", Label: "Police"}}

// organisationColumns and personColumns name the columns of the fields the partnership and
// identity packages validate.
var (
	organisationColumns = map[string]Column{"name": ColName, "category": ColCategory, "statutory_role": ColStatutoryPartner,
		"email_domains": ColEmailDomains}
	personColumns = map[string]Column{"name": ColName, "email": ColEmail, "job_title": ColJobTitle}
)

// check reads every row of a file against what already exists, returning what it would make and
// every problem, in row order. Nothing is made unless there are no problems.
func check(content []byte, partnershipID int64, partnershipName string, have existing) (Plan, []Problem) {
	rows, numbers, index, problems := readFile(content)
	if problems != nil {
		return Plan{}, problems
	}
	var plan Plan
	inFile := map[string]bool{} // lower-case organisation names in the file
	emails := map[string]int{}  // addresses in the file -> the row that first gave it
	// Organisations first, so a person may name one from any row.
	for i, rec := range rows {
		cell := cellOf(rec, index)
		n := numbers[i]
		add := func(c Column, msg string) {
			problems = append(problems, Problem{Row: n, Column: c.Heading, Message: msg})
		}
		bad := false
		for _, c := range Columns {
			if msg := cellProblem(cell(c)); msg != "" {
				add(c, msg)
				bad = true
			}
		}
		if bad {
			continue
		}
		switch strings.ToLower(cell(ColType)) {
		case "organisation", "organization":
			category, ok := choose(partnership.Categories, cell(ColCategory))
			if !ok {
				add(ColCategory, "Enter one of: "+labels(partnership.Categories))
			}
			statutory := ""
			if v := cell(ColStatutoryPartner); v != "" && !strings.EqualFold(v, "no") {
				if statutory, ok = choose(statutoryPartners, v); !ok {
					add(ColStatutoryPartner, "Enter Local authority, Health or Police, or leave it blank for a relevant agency")
				}
			}
			o, err := partnership.OrganisationInput{PartnershipID: partnershipID, Name: cell(ColName), Category: category,
				StatutoryRole: statutory, EmailDomains: cell(ColEmailDomains)}.Validate()
			for _, fe := range app.FieldsOf(err) {
				if c := organisationColumns[fe.Field]; fe.Field != "category" && fe.Field != "statutory_role" {
					add(c, fe.Message)
				}
			}
			key := strings.ToLower(o.Name)
			switch {
			case key == "":
			case have.organisations[key] != 0:
				add(ColName, "The partnership already has an organisation with this name: leave this row out")
			case inFile[key]:
				add(ColName, "An earlier row already adds an organisation with this name")
			}
			inFile[key] = true
			plan.Organisations = append(plan.Organisations, OrganisationRow{Row: n, Organisation: o})
		case "person":
		default:
			add(ColType, "Enter Organisation or Person")
		}
	}
	for i, rec := range rows {
		cell := cellOf(rec, index)
		if !strings.EqualFold(cell(ColType), "person") {
			continue
		}
		n := numbers[i]
		add := func(c Column, msg string) {
			problems = append(problems, Problem{Row: n, Column: c.Heading, Message: msg})
		}
		bad := false
		for _, c := range Columns {
			bad = bad || cellProblem(cell(c)) != ""
		}
		if bad {
			continue // named with the organisations
		}
		inv, ps := identity.Invitation{PartnershipID: partnershipID, PartnershipName: partnershipName, Name: cell(ColName),
			Email: cell(ColEmail), JobTitle: cell(ColJobTitle)}.Validate()
		for _, p := range ps {
			add(personColumns[p.Field], p.Message)
		}
		switch first, dup := emails[inv.Email]; {
		case inv.Email == "":
		case have.accounts[inv.Email]:
			add(ColEmail, "This e-mail address already has an account on the portal: leave this row out")
		case dup:
			add(ColEmail, fmt.Sprintf("Row %d already invites this e-mail address", first))
		default:
			emails[inv.Email] = n
		}
		pr := PersonRow{Row: n, Invitation: inv, Organisation: cell(ColOrganisation)}
		if org := strings.ToLower(pr.Organisation); org != "" && have.organisations[org] == 0 && !inFile[org] {
			add(ColOrganisation, "No organisation has this name, in the file or on the portal: add it as an Organisation row, or correct the name")
		}
		if b := cell(ColBody); b != "" {
			body, ok := have.body(b)
			if !ok {
				add(ColBody, "The partnership has no body with this name: use a name its bodies page shows")
			}
			pr.BodyID, pr.BodyName, pr.Role = body.ID, body.Name, "member"
			if r := cell(ColRole); r != "" {
				if pr.Role, ok = choose(partnership.MemberRoles, r); !ok {
					add(ColRole, "Enter one of: "+labels(partnership.MemberRoles))
				}
			}
		} else if cell(ColRole) != "" {
			add(ColBody, "Name the body this role is on, or leave the role blank")
		}
		plan.People = append(plan.People, pr)
	}
	if len(problems) == 0 && len(plan.Organisations)+len(plan.People) == 0 {
		problems = append(problems, Problem{Message: "The file has no rows after its heading: add a row for each organisation and person"})
	}
	sortProblems(problems)
	return plan, problems
}

// sortProblems puts the problems in row order, keeping each row's in column order.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int { return cmp.Compare(a.Row, b.Row) })
}

// cellOf returns a function reading a row's cell by its column, trimmed; a short row's missing
// cells are blank.
func cellOf(rec []string, index map[Column]int) func(Column) string {
	return func(c Column) string {
		if j := index[c]; j < len(rec) {
			return strings.TrimSpace(rec[j])
		}
		return ""
	}
}
