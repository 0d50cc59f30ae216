// Package seed loads the demo data: three partnerships drawn from the source documents
// (Hartlepool and Stockton-on-Tees, South Tees, Pan Dorset) with their real organisations and
// bodies, fictional people, and a demo account for every role in each. Demo accounts exist only
// when this has run; their password comes from the caller (PORTAL_DEMO_PASSWORD).
package seed

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/partnership"
)

//go:embed demo.json
var demoJSON []byte

type demoFile struct {
	Partnerships []demoPartnership `json:"partnerships"`
}

type demoPartnership struct {
	Slug          string   `json:"slug"`
	Name          string   `json:"name"`
	ShortName     string   `json:"short_name"`
	Area          string   `json:"area"`
	ContactEmail  string   `json:"contact_email"`
	Colour        string   `json:"colour"`
	FrontDoor     string   `json:"front_door"`
	Priorities    []string `json:"priorities"`
	Facts         []string `json:"facts"`
	Organisations []struct {
		Name      string `json:"name"`
		Category  string `json:"category"`
		Statutory string `json:"statutory"`
		Domain    string `json:"domain"`
	} `json:"organisations"`
	Bodies []struct {
		Name        string `json:"name"`
		Kind        string `json:"kind"`
		Description string `json:"description"`
	} `json:"bodies"`
}

// DemoAccount describes one demo sign-in, for the README and the seed's own report.
type DemoAccount struct {
	Email string
	Role  string
}

// DemoAccounts lists the demo accounts the seed creates.
func DemoAccounts() []DemoAccount {
	var list []DemoAccount
	for _, slug := range []string{"hsscp", "stscp", "pan-dorset"} {
		for _, a := range demoRoles {
			list = append(list, DemoAccount{Email: a.local + "@" + slug + ".example", Role: a.role})
		}
	}
	list = append(list, DemoAccount{Email: PoliceLead, Role: "police lead: Executive member in hsscp, Engine Room member in stscp"})
	return append(list, DemoAccount{Email: "admin@portal.example", Role: "system administrator"})
}

// demoRoles are the demo accounts of each partnership: where each sits and what it stands for.
var demoRoles = []struct {
	local, role, name, job, bodyKind, memberRole, orgRole string
}{
	{"practitioner", "practitioner", "Priya Practitioner", "Health visitor", "", "", "agency"},
	{"engine-room", "Engine Room member", "Eddie Engine", "Head of Safeguarding", "engine_room", "delegate", "police"},
	{"executive", "Executive member", "Erin Executive", "Director of Children's Services", "executive", "member", "local_authority"},
	{"business-unit", "business unit officer", "Bo Business", "Partnership Business Manager", "business_unit", "officer", ""},
	{"critical-friend", "critical friend", "Cass Critical", "Independent critical friend", "critical_friends", "member", ""},
	{"scrutineer", "independent scrutineer", "Sam Scrutineer", "Independent Scrutineer", "scrutiny", "chair", ""},
}

// fictional names for the other members of the bodies.
var fictionalNames = []string{
	"Alex Morgan", "Jordan Patel", "Morgan Hughes", "Taylor Brooks", "Casey Walsh", "Riley Khan",
	"Jamie Okafor", "Avery Lloyd", "Rowan Price", "Quinn Murphy", "Harper Singh", "Reese Evans",
}

// Demo loads the demo data for every partnership not yet in the database and returns how many it
// added. With withHistory it adds a year of the learning loop to each (tests leave it out, to
// start from a quiet partnership). It is safe to run again: partnerships already there are left
// alone.
func Demo(ctx context.Context, db database.Beginner, password string, now time.Time, withHistory bool) (int, error) {
	if msg := identity.CheckPassword(password, ""); msg != "" {
		return 0, fmt.Errorf("seed: PORTAL_DEMO_PASSWORD: %s", msg)
	}
	var f demoFile
	if err := json.Unmarshal(demoJSON, &f); err != nil {
		return 0, fmt.Errorf("seed: demo data: %w", err)
	}
	// One hash for every demo account: hashing is deliberately slow.
	hash, err := identity.HashPassword(password)
	if err != nil {
		return 0, err
	}
	added := 0
	err = database.InTx(ctx, db, func(tx pgx.Tx) error {
		for _, p := range f.Partnerships {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM partnership WHERE slug = $1)`, p.Slug).Scan(&exists); err != nil {
				return err
			}
			if exists {
				continue
			}
			if err := seedPartnership(ctx, tx, p, hash, partnership.Today(now), withHistory); err != nil {
				return fmt.Errorf("seed %s: %w", p.Slug, err)
			}
			added++
		}
		if err := demoSeveralPartnerships(ctx, tx, hash, partnership.Today(now)); err != nil {
			return fmt.Errorf("seed: several partnerships: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO app_user (email, name, job_title, password_hash, status, is_system_admin, is_demo, email_verified_at)
			VALUES ('admin@portal.example', 'Ada Admin', 'System administrator', $1, 'active', true, true, now())
			ON CONFLICT (email) DO NOTHING`, hash)
		return err
	})
	return added, err
}

func seedPartnership(ctx context.Context, tx pgx.Tx, p demoPartnership, hash string, today time.Time, withHistory bool) error {
	pid, err := partnership.Insert(ctx, tx, partnership.NewPartnership{Slug: p.Slug, Name: p.Name, ShortName: p.ShortName,
		Area: p.Area, ContactEmail: p.ContactEmail, Colour: p.Colour, FrontDoor: p.FrontDoor, Facts: p.Facts})
	if err != nil {
		return err
	}
	for i, title := range p.Priorities {
		if _, err := tx.Exec(ctx, `INSERT INTO partnership_priority (partnership_id, title, position) VALUES ($1, $2, $3)`, pid, title, i); err != nil {
			return err
		}
	}

	orgs := map[string]int64{} // statutory role or "agency" -> an organisation of that kind
	var statutory []int64
	for _, o := range p.Organisations {
		id, err := partnership.SaveOrganisation(ctx, tx, partnership.Organisation{PartnershipID: pid, Name: o.Name,
			Category: partnership.Category(o.Category), StatutoryRole: o.Statutory, EmailDomains: []string{o.Domain}})
		if err != nil {
			return err
		}
		switch {
		case o.Statutory != "":
			statutory = append(statutory, id)
			if orgs[o.Statutory] == 0 {
				orgs[o.Statutory] = id
			}
		case o.Category == "health" && orgs["agency"] == 0:
			orgs["agency"] = id
		}
	}

	// The bodies the partnership's documents name, then the standard ones it lacks.
	for _, b := range p.Bodies {
		if _, err := partnership.SaveBody(ctx, tx, partnership.Body{PartnershipID: pid, Name: b.Name, Kind: b.Kind, Description: b.Description}); err != nil {
			return err
		}
	}
	bodies, err := partnership.EnsureStandardBodies(ctx, tx, pid) // kind -> the first body of that kind
	if err != nil {
		return err
	}

	since := today.AddDate(-1, 0, 0)
	addPerson := func(email, name, job string, org *int64) (int64, error) {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO app_user (partnership_id, email, name, job_title, organisation_id, password_hash, status, is_demo, email_verified_at)
			VALUES ($1, $2, $3, $4, $5, $6, 'active', true, now()) RETURNING id`, pid, email, name, job, org, hash).Scan(&id)
		return id, err
	}
	member := func(userID int64, kind, role string, org *int64) error {
		_, err := partnership.AddMembership(ctx, tx, partnership.NewMembership{PartnershipID: pid, BodyID: bodies[kind],
			UserID: userID, Role: role, OrganisationID: org, StartsOn: since})
		return err
	}

	ids := map[string]int64{}
	for _, a := range demoRoles {
		var org *int64
		if id := orgs[a.orgRole]; id != 0 {
			org = &id
		}
		id, err := addPerson(a.local+"@"+p.Slug+".example", a.name, a.job, org)
		if err != nil {
			return err
		}
		ids[a.local] = id
		if a.bodyKind != "" {
			if err := member(id, a.bodyKind, a.memberRole, org); err != nil {
				return err
			}
		}
	}

	// The other statutory partners' lead representatives and delegates, with fictional names.
	n := 0
	for i, orgID := range statutory {
		org := orgID
		for _, seat := range []struct{ kind, role, job string }{
			{"executive", "member", "Lead representative"},
			{"engine_room", "delegate", "Delegated safeguarding lead"},
		} {
			name := fictionalNames[n%len(fictionalNames)]
			email := fmt.Sprintf("member%d@%s.example", n+1, p.Slug)
			n++
			if i == 0 && seat.kind == "executive" {
				continue // the demo Executive account represents the first local authority
			}
			id, err := addPerson(email, name, seat.job, &org)
			if err != nil {
				return err
			}
			if err := member(id, seat.kind, seat.role, &org); err != nil {
				return err
			}
		}
	}

	// The Engine Room chair rotates among the statutory partners, six months each, around today.
	start := time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC).AddDate(-1, 0, 0)
	for i := 0; i < 6 && len(statutory) > 0; i++ {
		from := start.AddDate(0, 6*i, 0)
		to := from.AddDate(0, 6, -1)
		if _, err := tx.Exec(ctx, `INSERT INTO chair_rota (partnership_id, body_id, organisation_id, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5)`,
			pid, bodies["engine_room"], statutory[i%len(statutory)], from, to); err != nil {
			return err
		}
	}

	if err := demoDocuments(ctx, tx, pid, p.Slug, ids["business-unit"], ids["engine-room"], today); err != nil {
		return fmt.Errorf("documents: %w", err)
	}

	// A year of the learning loop, so that the Engine Room's pages show a living partnership.
	if !withHistory {
		return nil
	}
	if err := history(ctx, tx, people{partnershipID: pid, slug: p.Slug, shortName: p.ShortName, practitioner: ids["practitioner"],
		engineRoom: ids["engine-room"], friend: ids["critical-friend"], agency: orgs["agency"], police: orgs["police"],
		council: orgs["local_authority"], priorities: p.Priorities, executive: ids["executive"]}, today); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return nil
}
