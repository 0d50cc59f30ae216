package reviews_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/scp-portal/portal/internal/reviews"
)

// TestTheRegisterIsReadInBatchesAsAWhole: read in batches smaller than the register, by key,
// every review comes once, in the register's order, with its agencies.
func TestTheRegisterIsReadInBatchesAsAWhole(t *testing.T) {
	f := setup(t)
	for i := range 5 {
		// two reviews share each day of awareness, so the key's id decides between them
		f.start(t, reviews.StartInput{Title: fmt.Sprintf("Child %c (2026)", 'A'+i), AwareOn: day(fmt.Sprintf("%d March 2026", 2+i/2)),
			ClockStart: "awareness"}, day("20 March 2026"))
	}
	whole, err := reviews.Register(context.Background(), f.db, f.pid)
	if err != nil {
		t.Fatal(err)
	}
	var batched []int64
	if err := reviews.EachInRegister(context.Background(), f.db, f.pid, 2, func(l reviews.Listed) error {
		batched = append(batched, l.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var want []int64
	for _, l := range whole {
		want = append(want, l.ID)
	}
	if len(want) < 5 || !slices.Equal(batched, want) {
		t.Errorf("in batches of 2: %v, want %v", batched, want)
	}
}
