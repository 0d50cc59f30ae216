package partnership

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/scp-portal/portal/internal/database"
)

// Category is the kind of an organisation.
type Category string

// Organisation categories, in the order pages list them.
var Categories = []struct {
	Value Category
	Label string
}{
	{"local_authority", "Local authority"},
	{"health", "Health"},
	{"police", "Police"},
	{"education", "Education"},
	{"justice", "Justice"},
	{"voluntary", "Voluntary and community"},
	{"other", "Other"},
}

// StatutoryRoles are the three statutory safeguarding partners.
var StatutoryRoles = []struct {
	Value string
	Label string
}{
	{"local_authority", "Local authority"},
	{"health", "Health (integrated care board)"},
	{"police", "Chief officer of police"},
}

// CategoryLabel names a category for people.
func CategoryLabel(c Category) string {
	for _, x := range Categories {
		if x.Value == c {
			return x.Label
		}
	}
	return string(c)
}

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
	rows, err := q.Query(ctx, `SELECT `+orgColumns+` FROM organisation WHERE partnership_id = $1
		ORDER BY statutory_role = '', lower(name)`, partnershipID)
	if err != nil {
		return nil, fmt.Errorf("partnership: organisations: %w", err)
	}
	os, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Organisation])
	if err != nil {
		return nil, fmt.Errorf("partnership: organisations: %w", err)
	}
	return os, nil
}

// OrganisationByID returns one of the partnership's organisations.
func OrganisationByID(ctx context.Context, q database.Querier, partnershipID, id int64) (Organisation, error) {
	rows, err := q.Query(ctx, `SELECT `+orgColumns+` FROM organisation WHERE partnership_id = $1 AND id = $2`, partnershipID, id)
	if err != nil {
		return Organisation{}, fmt.Errorf("partnership: organisation: %w", err)
	}
	o, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Organisation])
	if errors.Is(err, pgx.ErrNoRows) {
		return Organisation{}, ErrNotFound
	}
	if err != nil {
		return Organisation{}, fmt.Errorf("partnership: organisation: %w", err)
	}
	return o, nil
}

// OrganisationInput is what a person types to add or change an organisation.
type OrganisationInput struct {
	Name          string
	Category      string
	StatutoryRole string
	EmailDomains  string // separated by commas, spaces or new lines
}

// FieldErrors maps a form field's name to what is wrong with it.
type FieldErrors map[string]string

// Validate checks the input and returns it cleaned up, with a message for each problem.
func (in OrganisationInput) Validate() (Organisation, FieldErrors) {
	errs := FieldErrors{}
	o := Organisation{Name: strings.TrimSpace(in.Name), Category: Category(in.Category), StatutoryRole: in.StatutoryRole}
	switch {
	case o.Name == "":
		errs["name"] = "Enter the organisation's name"
	case len(o.Name) > 200:
		errs["name"] = "Name must be 200 characters or fewer"
	}
	if CategoryLabel(o.Category) == string(o.Category) {
		errs["category"] = "Select the kind of organisation"
	}
	validRole := o.StatutoryRole == ""
	for _, r := range StatutoryRoles {
		validRole = validRole || r.Value == o.StatutoryRole
	}
	if !validRole {
		errs["statutory_role"] = "Select whether it is a statutory partner"
	}
	for _, d := range strings.FieldsFunc(strings.ToLower(in.EmailDomains), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == ';' }) {
		d = strings.TrimPrefix(d, "@")
		if !domainPattern.MatchString(d) {
			errs["email_domains"] = fmt.Sprintf("%q is not an e-mail domain: enter domains like council.gov.uk", d)
			break
		}
		o.EmailDomains = append(o.EmailDomains, d)
	}
	if o.EmailDomains == nil {
		o.EmailDomains = []string{}
	}
	return o, errs
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
	if isUniqueViolation(err) {
		return 0, ErrDuplicate
	}
	if err != nil {
		return 0, fmt.Errorf("partnership: save organisation: %w", err)
	}
	return id, nil
}

// ErrDuplicate means the partnership already has a record of that name.
var ErrDuplicate = errors.New("partnership: name already used")

func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}
