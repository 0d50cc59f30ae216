package partnership

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/database"
)

// Category is the kind of an organisation.
type Category string

// Categories are the kinds of organisation, in the order pages list them.
var Categories = app.Choices{
	{Value: "local_authority", Label: "Local authority"},
	{Value: "health", Label: "Health"},
	{Value: "police", Label: "Police"},
	{Value: "education", Label: "Education"},
	{Value: "justice", Label: "Justice"},
	{Value: "voluntary", Label: "Voluntary and community"},
	{Value: "other", Label: "Other"},
}

// StatutoryRoles are the three statutory safeguarding partners.
var StatutoryRoles = app.Choices{
	{Value: "local_authority", Label: "Local authority"},
	{Value: "health", Label: "Health (integrated care board)"},
	{Value: "police", Label: "Chief officer of police"},
}

// CategoryLabel names a category for people.
func CategoryLabel(c Category) string { return Categories.Label(string(c)) }

// Organisation is a statutory partner or a relevant agency.
type Organisation struct {
	ID            int64
	PartnershipID int64
	Name          string
	Category      Category
	StatutoryRole string // "" for a relevant agency
	EmailDomains  []string
	Version       int
}

// IsStatutoryPartner reports whether the organisation is one of the statutory partners.
func (o Organisation) IsStatutoryPartner() bool { return o.StatutoryRole != "" }

const orgColumns = `id, partnership_id, name, category, statutory_role, email_domains, version`

// Organisations returns the partnership's organisations: statutory partners first, then by name.
func Organisations(ctx context.Context, q database.Querier, partnershipID int64) ([]Organisation, error) {
	return database.All[Organisation](ctx, q, "partnership: organisations", `SELECT `+orgColumns+` FROM organisation WHERE partnership_id = $1
		ORDER BY statutory_role = '', lower(name)`, partnershipID)
}

// OrganisationByID returns one of the partnership's organisations.
func OrganisationByID(ctx context.Context, q database.Querier, partnershipID, id int64) (Organisation, error) {
	return database.One[Organisation](ctx, q, ErrNotFound, "partnership: organisation", `SELECT `+orgColumns+` FROM organisation WHERE partnership_id = $1 AND id = $2`, partnershipID, id)
}

// OrganisationInput is what a person types to add an organisation (ID 0) or change one.
type OrganisationInput struct {
	ID            int64
	PartnershipID int64
	Name          string
	Category      string
	StatutoryRole string
	EmailDomains  string // separated by commas, spaces or new lines
	Version       int
}

// Validate checks the input and returns it cleaned up, or an Invalid error naming each problem.
func (in OrganisationInput) Validate() (Organisation, error) {
	var p app.Problems
	o := Organisation{ID: in.ID, PartnershipID: in.PartnershipID, Name: strings.TrimSpace(in.Name), Category: Category(in.Category),
		StatutoryRole: in.StatutoryRole, Version: in.Version}
	switch {
	case o.Name == "":
		p.Add("name", "Enter the organisation's name")
	case len(o.Name) > 200:
		p.Add("name", "Name must be 200 characters or fewer")
	}
	if !Categories.Has(string(o.Category)) {
		p.Add("category", "Select the kind of organisation")
	}
	if o.StatutoryRole != "" && !StatutoryRoles.Has(o.StatutoryRole) {
		p.Add("statutory_role", "Select whether it is a statutory partner")
	}
	for _, d := range strings.FieldsFunc(strings.ToLower(in.EmailDomains), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == ';' }) {
		d = strings.TrimPrefix(d, "@")
		if !domainPattern.MatchString(d) {
			p.Add("email_domains", fmt.Sprintf("%q is not an e-mail domain: enter domains like council.gov.uk", d))
			break
		}
		o.EmailDomains = append(o.EmailDomains, d)
	}
	if o.EmailDomains == nil {
		o.EmailDomains = []string{}
	}
	return o, p.Err()
}

// SaveOrganisation inserts o (ID 0) or updates it if it is still at o.Version. It returns the id.
func SaveOrganisation(ctx context.Context, q database.Querier, o Organisation) (int64, error) {
	var id int64
	var err error
	if o.ID == 0 {
		err = q.QueryRow(ctx, `INSERT INTO organisation (partnership_id, name, category, statutory_role, email_domains)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, o.PartnershipID, o.Name, o.Category, o.StatutoryRole, o.EmailDomains).Scan(&id)
	} else {
		err = q.QueryRow(ctx, `UPDATE organisation SET name = $3, category = $4, statutory_role = $5, email_domains = $6, version = version + 1
			WHERE partnership_id = $1 AND id = $2 AND version = $7 RETURNING id`,
			o.PartnershipID, o.ID, o.Name, o.Category, o.StatutoryRole, o.EmailDomains, o.Version).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, ErrConflict
		}
	}
	if app.IsUniqueViolation(err) {
		return 0, ErrDuplicate
	}
	if err != nil {
		return 0, fmt.Errorf("partnership: save organisation: %w", err)
	}
	return id, nil
}

// ErrDuplicate means the partnership already has a record of that name.
var ErrDuplicate = errors.New("partnership: name already used")
