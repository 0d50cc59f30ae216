package app

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/database"
)

// Create is Change for a change that makes a record and answers with its id, the shape most
// services' "add" methods share: check is the input's own validation (when it fails nothing is
// opened), and fn makes the record inside the transaction and returns its id with the audit
// event that names it.
func Create(ctx context.Context, db database.Beginner, a Actor, check error, fn func(tx pgx.Tx) (int64, Event, error)) (int64, error) {
	if check != nil {
		return 0, check
	}
	var id int64
	err := Change(ctx, db, a, func(tx pgx.Tx) (Event, error) {
		var ev Event
		var err error
		id, ev, err = fn(tx)
		return ev, err
	})
	return id, err
}

// ChangeChecked is Change after the input's own validation (check, as Create has it): when check
// fails nothing is opened and it is the answer. It is the shape of every service method that
// checks what was typed and then changes a record.
func ChangeChecked(ctx context.Context, db database.Beginner, a Actor, check error, fn func(tx pgx.Tx) (Event, error)) error {
	if check != nil {
		return check
	}
	return Change(ctx, db, a, fn)
}
