package seed_test

import (
	"testing"
	"time"

	"github.com/scp-portal/portal/internal/testkit"
)

// TestDemoChallengeLog: every partnership's demo history has challenges answered, one to the
// police still awaiting its response, a line of enquiry the Executive proposed in the register, and
// disagreements between agencies, one resolved and one past its stage's date.
func TestDemoChallengeLog(t *testing.T) {
	db := testkit.NewDemoDB(t, time.Now(), true)
	for _, slug := range []string{"hsscp", "stscp", "pan-dorset"} {
		var answered, openToPolice, proposals, resolved, overdue int
		testkit.MustQueryRow(t, db, `SELECT
			(SELECT count(*) FROM challenge c WHERE c.partnership_id = p.id AND c.status = 'answered'),
			(SELECT count(*) FROM challenge c JOIN organisation o ON o.id = c.organisation_id
				WHERE c.partnership_id = p.id AND c.status = 'open' AND o.statutory_role = 'police'),
			(SELECT count(*) FROM theme t JOIN theme_source s ON s.theme_id = t.id JOIN app_user u ON u.id = s.added_by
				WHERE t.partnership_id = p.id AND s.kind = 'executive_proposal' AND u.email = 'executive@' || p.slug || '.example'),
			(SELECT count(*) FROM dispute d WHERE d.partnership_id = p.id AND d.status = 'resolved'),
			(SELECT count(*) FROM dispute d WHERE d.partnership_id = p.id AND d.status = 'open' AND d.stage = 'senior_leads'
				AND d.stage_due_on < current_date)
			FROM partnership p WHERE p.slug = $1`, slug).Scan(&answered, &openToPolice, &proposals, &resolved, &overdue)
		if answered < 2 || openToPolice != 1 || proposals != 1 || resolved != 1 || overdue != 1 {
			t.Errorf("%s: %d answered, %d open to the police, %d proposals, %d disputes resolved, %d overdue with the senior leads",
				slug, answered, openToPolice, proposals, resolved, overdue)
		}
	}
}
