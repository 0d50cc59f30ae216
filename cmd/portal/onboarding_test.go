package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/onboarding"
	"github.com/scp-portal/portal/internal/partnership"
)

// TestPartnershipCreateNamesEachProblemByItsFlag: the command line lists the form's problems as
// the flags that caused them, and creates nothing.
func TestPartnershipCreateNamesEachProblemByItsFlag(t *testing.T) {
	in := onboarding.PartnershipInput{NewPartnership: partnership.NewPartnership{Slug: "sign-in", Name: "X"}, OfficerEmail: "nobody"}
	_, err := in.Validate()
	var out bytes.Buffer
	werr := writeProblems(&out, app.InvalidField("officer_email", "Enter an e-mail address"))
	if werr == nil || !strings.Contains(out.String(), "-officer-email: Enter an e-mail address") {
		t.Errorf("officer's problem: %v\n%s", werr, out.String())
	}
	out.Reset()
	if werr := writeProblems(&out, err); werr == nil || !strings.Contains(out.String(), "-slug: ") || !strings.Contains(out.String(), "-short-name: ") {
		t.Errorf("partnership's problems: %v\n%s", werr, out.String())
	}
}
