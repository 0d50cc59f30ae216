package server

import "testing"

// TestCSVSafeEscapesEveryFormulaStart: each character a spreadsheet starts a formula with gets a
// leading quote; other cells, and those characters later in a cell, are left as they are.
func TestCSVSafeEscapesEveryFormulaStart(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+44 1632": "'+44 1632", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"": "", "Child A": "Child A", "a=b": "a=b", "'=x": "'=x",
	} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
