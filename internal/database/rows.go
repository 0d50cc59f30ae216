package database

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// All runs sql on q and returns every row, scanned by position into a T. Errors are wrapped as
// "what: err".
func All[T any](ctx context.Context, q Querier, what, sql string, args ...any) ([]T, error) {
	return AllWith(ctx, q, pgx.RowToStructByPos[T], what, sql, args...)
}

// Values runs sql on q and returns the single column of every row as a T (an id, a name).
// Errors are wrapped as "what: err".
func Values[T any](ctx context.Context, q Querier, what, sql string, args ...any) ([]T, error) {
	return AllWith(ctx, q, pgx.RowTo[T], what, sql, args...)
}

// AllWith runs sql on q and returns every row, scanned by scan. Errors are wrapped as
// "what: err".
func AllWith[T any](ctx context.Context, q Querier, scan pgx.RowToFunc[T], what, sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	list, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return list, nil
}

// One runs sql on q and returns its only row, scanned by position into a T. No row gives
// notFound, unwrapped; other errors (more than one row among them) are wrapped as "what: err".
func One[T any](ctx context.Context, q Querier, notFound error, what, sql string, args ...any) (T, error) {
	return OneWith(ctx, q, pgx.RowToStructByPos[T], notFound, what, sql, args...)
}

// OneWith runs sql on q and returns its only row, scanned by scan. No row gives notFound,
// unwrapped; other errors (more than one row among them) are wrapped as "what: err".
func OneWith[T any](ctx context.Context, q Querier, scan pgx.RowToFunc[T], notFound error, what, sql string, args ...any) (T, error) {
	var zero T
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	v, err := pgx.CollectExactlyOneRow(rows, scan)
	if errors.Is(err, pgx.ErrNoRows) {
		return zero, notFound
	}
	if err != nil {
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

// Exec runs sql on q and returns none, unwrapped, when it changed no row: the record is gone,
// was changed by someone else since it was read (a version check), or may not change now. Other
// errors are wrapped as "what: err".
func Exec(ctx context.Context, q Querier, none error, what, sql string, args ...any) error {
	tag, err := q.Exec(ctx, sql, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if tag.RowsAffected() == 0 {
		return none
	}
	return nil
}

// Group puts rows under the key each belongs to (the parent a query fetched them for), keeping
// their order. The map is empty, not nil, when rows is.
func Group[K comparable, T any](rows []T, key func(T) K) map[K][]T {
	by := map[K][]T{}
	for _, r := range rows {
		by[key(r)] = append(by[key(r)], r)
	}
	return by
}

// IDs is the id of each of rows, in their order: what a read in a fixed number of queries gives
// its next query (WHERE parent_id = ANY($1)) to fetch what hangs on them, which Group then puts
// back under each. It is empty, not nil, when rows is.
func IDs[T any](rows []T, id func(T) int64) []int64 {
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, id(r))
	}
	return ids
}

// Each runs sql on q and calls fn with every row, scanned by scan, as it is read: for a list too
// long to hold in memory (a download), which is written out row by row. It stops at fn's first
// error and returns it unwrapped; the query's errors are wrapped as "what: err".
func Each[T any](ctx context.Context, q Querier, scan pgx.RowToFunc[T], fn func(T) error, what, sql string, args ...any) error {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
