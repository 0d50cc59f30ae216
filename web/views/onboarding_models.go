package views

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/scp-portal/portal/internal/onboarding"
	"github.com/scp-portal/portal/internal/partnership"
	"github.com/scp-portal/portal/web/paths"
)

// ImportProblem is one reason a row of a directory file is refused, as the page lists it.
type ImportProblem struct {
	Row     string // "" for the file as a whole
	Column  string
	Message string
}

// DirectoryImportView is the import page: the template, its columns, the limits and the problems
// of the file last uploaded.
type DirectoryImportView struct {
	TemplateHref    string
	Action          string
	Columns         []onboarding.Column
	Limits          string
	ProblemsHeading string
	Problems        []ImportProblem
}

// NewDirectoryImport builds the import page for the partnership, with the problems of a refused
// file (none for a first visit).
func NewDirectoryImport(slug string, problems []onboarding.Problem) DirectoryImportView {
	v := DirectoryImportView{TemplateHref: paths.DirectoryTemplate(slug), Action: paths.DirectoryImport(slug),
		Columns: onboarding.Columns, Problems: importProblems(problems),
		Limits: fmt.Sprintf("One file may hold up to %d rows and %d KB: import a larger directory in several files.",
			onboarding.MaxRows, onboarding.MaxFileBytes>>10)}
	if n := len(problems); n == 1 {
		v.ProblemsHeading = "1 problem in the file"
	} else if n > 1 {
		v.ProblemsHeading = strconv.Itoa(n) + " problems in the file"
	}
	return v
}

// importProblems words the problems for the page's table.
func importProblems(ps []onboarding.Problem) []ImportProblem {
	rows := make([]ImportProblem, 0, len(ps))
	for _, p := range ps {
		r := ImportProblem{Column: p.Column, Message: p.Message}
		if p.Row != 0 {
			r.Row = strconv.Itoa(p.Row)
		} else {
			r.Row = "The file"
		}
		rows = append(rows, r)
	}
	return rows
}

// PreviewOrganisation is an organisation a checked file adds.
type PreviewOrganisation struct {
	Row, Name, Category, Statutory, Domains string
}

// PreviewPerson is a person a checked file invites.
type PreviewPerson struct {
	Row, Name, Email, JobTitle, Organisation, Seat string
}

// DirectoryPreviewView is a checked file's page before it is imported.
type DirectoryPreviewView struct {
	FileName      string
	Summary       string
	ButtonLabel   string
	Action        string
	UploadHref    string
	Organisations []PreviewOrganisation
	People        []PreviewPerson
	Problems      []ImportProblem
}

// NewDirectoryPreview builds the page of a staged file.
func NewDirectoryPreview(slug string, pv onboarding.Preview) DirectoryPreviewView {
	orgs, people := len(pv.Organisations), len(pv.People)
	v := DirectoryPreviewView{FileName: pv.FileName, Action: paths.DirectoryStaged(slug, pv.ID), UploadHref: paths.DirectoryImport(slug),
		Problems: importProblems(pv.Problems),
		Summary: fmt.Sprintf("Every row is right. Importing adds %s and invites %s, each of whom gets an e-mail with a link to choose a password.",
			plural(orgs, "organisation", "organisations"), plural(people, "person", "people")),
		ButtonLabel: fmt.Sprintf("Import %s and %s", plural(orgs, "organisation", "organisations"), plural(people, "person", "people"))}
	for _, o := range pv.Organisations {
		statutory := "No"
		if o.StatutoryRole != "" {
			statutory = partnership.StatutoryRoles.Label(o.StatutoryRole)
		}
		v.Organisations = append(v.Organisations, PreviewOrganisation{Row: strconv.Itoa(o.Row), Name: o.Name,
			Category: partnership.CategoryLabel(o.Category), Statutory: statutory, Domains: strings.Join(o.EmailDomains, " ")})
	}
	for _, p := range pv.People {
		seat := ""
		if p.BodyID != 0 {
			seat = partnership.MemberRoleLabel(p.Role) + ", " + p.BodyName
		}
		v.People = append(v.People, PreviewPerson{Row: strconv.Itoa(p.Row), Name: p.Invitation.Name, Email: p.Invitation.Email,
			JobTitle: p.Invitation.JobTitle, Organisation: p.Organisation, Seat: seat})
	}
	return v
}
