package onboarding

import (
	"github.com/scp-portal/portal/internal/access"
	"github.com/scp-portal/portal/internal/app"
)

// Operator is who acts through the command line (`portal partnership create`, `portal admin
// create`): the person with the installation's shell and database, named so in the audit log.
var Operator = app.Actor{Subject: access.Subject{Email: "operator (command line)"}}
