package documents

import "strings"

// The difference between two versions is worked out here with a longest common subsequence,
// section by section (matched by heading), line by line within a section, and word by word within
// a line that was changed rather than added or removed. A small LCS is enough for documents of a
// few hundred lines; a pair too large to compare in reasonable time is shown as removed and added
// whole. (No library: the Go diff libraries on offer either diff characters, which reads badly
// for prose, or bring more than this needs.)

// Op says what happened to a piece of text between two versions.
type Op int

// Ops.
const (
	Same Op = iota
	Added
	Removed
	Changed // a line replaced by another: its Parts say which words
)

// Part is a run of words that were kept, added or removed.
type Part struct {
	Op   Op
	Text string
}

// LineDiff is one line of a section in the comparison.
type LineDiff struct {
	Op    Op
	Text  string // Same, Added, Removed
	Parts []Part // Changed
}

// SectionDiff is one section in the comparison: added, removed, changed or the same.
type SectionDiff struct {
	Heading string
	Op      Op
	Lines   []LineDiff
}

// maxCells bounds the LCS table of one comparison (lines of a section, or words of a line).
const maxCells = 4_000_000

// lcs returns the edit script turning a into b: for each step, Same (both advance), Removed (a
// advances) or Added (b advances).
func lcs[T comparable](a, b []T) []Op {
	n, m := len(a), len(b)
	if n*m > maxCells {
		ops := make([]Op, 0, n+m)
		for range a {
			ops = append(ops, Removed)
		}
		for range b {
			ops = append(ops, Added)
		}
		return ops
	}
	// t[i][j] is the length of the LCS of a[i:] and b[j:].
	t := make([][]int, n+1)
	for i := range t {
		t[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	ops := make([]Op, 0, n+m)
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, Same)
			i++
			j++
		case i < n && (j == m || t[i+1][j] >= t[i][j+1]):
			ops = append(ops, Removed)
			i++
		default:
			ops = append(ops, Added)
			j++
		}
	}
	return ops
}

// compareLines compares the lines of one section. A run of removed lines followed by a run of
// added ones is paired line by line as changed lines, compared word by word.
func compareLines(a, b []string) []LineDiff {
	var out []LineDiff
	var removed, added []string
	flush := func() {
		for k := 0; k < max(len(removed), len(added)); k++ {
			switch {
			case k < len(removed) && k < len(added):
				if parts, ok := compareWords(removed[k], added[k]); ok {
					out = append(out, LineDiff{Op: Changed, Parts: parts})
				} else {
					out = append(out, LineDiff{Op: Removed, Text: removed[k]}, LineDiff{Op: Added, Text: added[k]})
				}
			case k < len(removed):
				out = append(out, LineDiff{Op: Removed, Text: removed[k]})
			default:
				out = append(out, LineDiff{Op: Added, Text: added[k]})
			}
		}
		removed, added = nil, nil
	}
	i, j := 0, 0
	for _, op := range lcs(a, b) {
		switch op {
		case Same:
			flush()
			out = append(out, LineDiff{Op: Same, Text: a[i]})
			i++
			j++
		case Removed:
			removed = append(removed, a[i])
			i++
		case Added:
			added = append(added, b[j])
			j++
		}
	}
	flush()
	return out
}

// compareWords compares two lines word by word, joining runs of words with the same fate. ok is
// false when they have too little in common (under half their words) to read as one line changed:
// they are then shown as one removed and another added.
func compareWords(a, b string) (parts []Part, ok bool) {
	wa, wb := strings.Fields(a), strings.Fields(b)
	same := 0
	add := func(op Op, w string) {
		if n := len(parts); n > 0 && parts[n-1].Op == op {
			parts[n-1].Text += " " + w
			return
		}
		parts = append(parts, Part{Op: op, Text: w})
	}
	i, j := 0, 0
	for _, op := range lcs(wa, wb) {
		switch op {
		case Same:
			add(Same, wa[i])
			same++
			i++
			j++
		case Removed:
			add(Removed, wa[i])
			i++
		case Added:
			add(Added, wb[j])
			j++
		}
	}
	return parts, 4*same >= len(wa)+len(wb)
}

// Text is a section as it is compared: its heading, the non-empty lines of its text, and what
// the records held for it.
type Text struct {
	Heading string
	Lines   []string
}

// Compare returns the difference between two versions' sections, in the order of the newer
// (with sections removed from the older shown where they stood).
func Compare(from, to []Text) []SectionDiff {
	ha := make([]string, len(from))
	for i, s := range from {
		ha[i] = s.Heading
	}
	hb := make([]string, len(to))
	for i, s := range to {
		hb[i] = s.Heading
	}
	var out []SectionDiff
	i, j := 0, 0
	for _, op := range lcs(ha, hb) {
		switch op {
		case Same:
			lines := compareLines(from[i].Lines, to[j].Lines)
			sd := SectionDiff{Heading: to[j].Heading, Op: Same, Lines: lines}
			for _, l := range lines {
				if l.Op != Same {
					sd.Op = Changed
					break
				}
			}
			out = append(out, sd)
			i++
			j++
		case Removed:
			out = append(out, SectionDiff{Heading: from[i].Heading, Op: Removed, Lines: whole(Removed, from[i].Lines)})
			i++
		case Added:
			out = append(out, SectionDiff{Heading: to[j].Heading, Op: Added, Lines: whole(Added, to[j].Lines)})
			j++
		}
	}
	return out
}

func whole(op Op, lines []string) []LineDiff {
	out := make([]LineDiff, 0, len(lines))
	for _, l := range lines {
		out = append(out, LineDiff{Op: op, Text: l})
	}
	return out
}
