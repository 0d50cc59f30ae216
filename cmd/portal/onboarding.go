package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/scp-portal/portal/internal/app"
	"github.com/scp-portal/portal/internal/config"
	"github.com/scp-portal/portal/internal/identity"
	"github.com/scp-portal/portal/internal/onboarding"
)

// partnershipCommand runs `portal partnership create -slug ... -name ... -short-name ... -area ...
// -colour ... -officer-name ... -officer-email ...`: the same creation as the system
// administrator's page, acting as the operator.
func partnershipCommand(ctx context.Context, cfg config.Config, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("usage: portal partnership create -slug SLUG -name NAME -short-name SHORT -officer-email EMAIL [-officer-name NAME] [-area AREA] [-colour #RRGGBB]")
	}
	fs := flag.NewFlagSet("partnership create", flag.ContinueOnError)
	var in onboarding.PartnershipInput
	fs.StringVar(&in.Slug, "slug", "", "the partnership's web address: lower-case letters, digits and hyphens")
	fs.StringVar(&in.Name, "name", "", "its full name")
	fs.StringVar(&in.ShortName, "short-name", "", "its short name, 20 characters or fewer")
	fs.StringVar(&in.Area, "area", "", "the area it covers")
	fs.StringVar(&in.Colour, "colour", "", "the colour of its pages, #rrggbb (default #1d70b8)")
	fs.StringVar(&in.OfficerName, "officer-name", "", "its first business unit officer's full name (default: the part of the address before @)")
	fs.StringVar(&in.OfficerEmail, "officer-email", "", "its first business unit officer's work e-mail address, where the invitation goes")
	fs.StringVar(&in.OfficerJobTitle, "officer-job-title", "", "their job title")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if in.OfficerName == "" {
		in.OfficerName, _, _ = strings.Cut(in.OfficerEmail, "@")
	}
	return withServices(ctx, cfg, func(env app.Env) error {
		c, err := (&onboarding.Service{Env: env}).CreatePartnership(ctx, onboarding.Operator, in)
		if err != nil {
			return problems(err)
		}
		fmt.Fprintf(os.Stdout, "Created %s at %s/%s/ with its Executive, Engine Room, business unit, independent scrutiny and critical friends pool.\n"+
			"Invited %s as its business unit officer. The e-mail waits in the outbox until `portal serve` sends it;\n"+
			"the link in it, valid for 7 days, is:\n\n  %s\n", c.Partnership.Name, env.BaseURL, c.Partnership.Slug, c.OfficerEmail, c.InvitationLink)
		return nil
	})
}

// adminCommand runs `portal admin create -email ... -name ...`: the way into an installation
// started without the demo, printing the invitation's link as well as queuing its e-mail.
func adminCommand(ctx context.Context, cfg config.Config, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("usage: portal admin create -email EMAIL -name NAME")
	}
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	email := fs.String("email", "", "the system administrator's e-mail address")
	name := fs.String("name", "", "their full name")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	return withServices(ctx, cfg, func(env app.Env) error {
		link, err := (&identity.Service{Env: env}).InviteAdministrator(ctx, onboarding.Operator, *name, *email)
		if err != nil {
			return problems(err)
		}
		fmt.Fprintf(os.Stdout, "Invited %s as a system administrator. Open this link within 7 days to choose a password\n"+
			"(it is in the e-mail too, which waits in the outbox until `portal serve` sends it):\n\n  %s\n", *email, link)
		return nil
	})
}

// withServices opens and migrates the database, and runs fn with the services' environment.
func withServices(ctx context.Context, cfg config.Config, fn func(app.Env) error) error {
	db, closeDB, err := openDatabase(ctx, cfg, cfg.Logger())
	if err != nil {
		return err
	}
	defer closeDB()
	if err := db.migrateUp(ctx); err != nil {
		return err
	}
	return fn(app.Env{DB: db.Pool, BaseURL: strings.TrimSuffix(cfg.BaseURL.String(), "/")})
}

// problems writes an invalid input's problems to stderr one a line, each by its flag, as the page
// would list them; any other error is returned as it is.
func problems(err error) error { return writeProblems(os.Stderr, err) }

func writeProblems(out io.Writer, err error) error {
	fields := app.FieldsOf(err)
	if len(fields) == 0 {
		return err
	}
	for _, f := range fields {
		fmt.Fprintf(out, "  -%s: %s\n", strings.ReplaceAll(f.Field, "_", "-"), f.Message)
	}
	return errors.New("nothing was created")
}
