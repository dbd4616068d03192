package engine

import (
	"context"
	"database/sql"

	"github.com/sqlforge/sqlforge/expr"
)

// AllAndCount returns a page of rows and the total they are part of, for
// a pager: the rows of stmt scanned with scan, as All returns them, and
// the number of rows stmt has without its LIMIT and OFFSET, counted with
// stmt.CountQuery. When the page is not full (fewer rows than its LIMIT,
// and some rows or no OFFSET) the total follows from it, OFFSET plus the
// rows, and the count is not run: the last page and a single page cost
// one query. With FOR UPDATE/FOR SHARE SKIP LOCKED a page may be short
// because rows were locked, so the count always runs.
//
// The two queries see the same rows only inside a transaction that reads
// one snapshot (REPEATABLE READ on PostgreSQL and MySQL, any transaction
// on SQLite); outside one, a write between them can make the total
// disagree with the page.
func AllAndCount[T any](ctx context.Context, q Querier, stmt *expr.SelectStmt, scan ScanFunc[T], params ...sql.NamedArg) ([]T, int64, error) {
	rows, err := All(ctx, q, stmt, scan, params...)
	if err != nil {
		return nil, 0, err
	}
	c := stmt.Clauses()
	offset, hasOffset := c.Offset.(int)
	if c.Offset == nil {
		offset, hasOffset = 0, true
	}
	limit, hasLimit := c.Limit.(int)
	if lit, ok := c.Limit.(expr.ConstInt); ok {
		limit, hasLimit = lit.Int(), true
	}
	skips := c.Lock != nil && c.Lock.SkipLocked // a short page may have skipped rows
	if !skips && hasOffset && (c.Limit == nil || hasLimit && len(rows) < limit) && (len(rows) > 0 || offset == 0) {
		return rows, int64(offset + len(rows)), nil
	}
	total, err := Scalar[int64](ctx, q, stmt.CountQuery(), params...)
	if err != nil {
		return nil, 0, err
	}
	return rows, total, nil
}
