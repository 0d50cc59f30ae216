package app

import "testing"

// TestAPageSaysWhetherMoreFollow: the row read past a page's end is cut off and says another page
// follows; the zero Page reads the whole list.
func TestAPageSaysWhetherMoreFollow(t *testing.T) {
	p := Page{Number: 3, Size: 2}
	if *p.Limit() != 3 || p.Offset() != 4 {
		t.Errorf("limit %d offset %d", *p.Limit(), p.Offset())
	}
	if got := PageOf([]int{1, 2, 3}, p); len(got.Rows) != 2 || !got.More {
		t.Errorf("a full page and one more: %+v", got)
	}
	if got := PageOf([]int{1, 2}, p); len(got.Rows) != 2 || got.More {
		t.Errorf("the last page: %+v", got)
	}
	var whole Page
	if whole.Limit() != nil || whole.Offset() != 0 || PageOf([]int{1, 2, 3}, whole).More {
		t.Error("the zero Page is the whole list")
	}
}
