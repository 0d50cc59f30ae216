package testkit

import (
	"fmt"
	"strings"
)

// DirectoryCSV is a directory file as a partnership's business unit keeps it in a spreadsheet:
// orgs organisations (the first three its statutory partners, the rest relevant agencies) and
// people people spread across them, every fifth on the Engine Room as a delegate. Each row's
// cells are given by the row's index, so a test can spoil a row by changing one line.
func DirectoryCSV(orgs, people int) []string {
	lines := []string{"Type,Name,E-mail,Job title,Organisation,Category,Statutory partner,E-mail domains,Body,Role in body"}
	statutory := []struct{ category, role string }{{"Local authority", "Local authority"}, {"Health", "Health"}, {"Police", "Police"}}
	for i := range orgs {
		category, role := "Voluntary and community", ""
		if i < len(statutory) {
			category, role = statutory[i].category, statutory[i].role
		}
		lines = append(lines, fmt.Sprintf("Organisation,Agency %02d,,,,%s,%s,agency%02d.example,,", i+1, category, role, i+1))
	}
	for i := range people {
		org := i % orgs
		body, seat := "", ""
		if i%5 == 0 {
			body, seat = "Engine Room", "Delegate"
		}
		lines = append(lines, fmt.Sprintf("Person,\"Person %03d, Example\",person%03d@agency%02d.example,Safeguarding lead,Agency %02d,,,,%s,%s",
			i+1, i+1, org+1, org+1, body, seat))
	}
	return lines
}

// JoinCSV joins a directory file's lines as a spreadsheet saves them.
func JoinCSV(lines []string) []byte { return []byte(strings.Join(lines, "\r\n") + "\r\n") }
