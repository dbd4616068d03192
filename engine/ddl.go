package engine

import (
	"context"
	"errors"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// ErrObjectExists: CREATE of a table or index that exists already
// (PostgreSQL 42P07/42710, MySQL/MariaDB 1050/1061). CreateAll uses it to
// stay idempotent where the dialect has no CREATE INDEX IF NOT EXISTS.
var ErrObjectExists = errors.New("engine: object already exists")

// CreateAll creates m's tables that do not exist yet, parents before the
// tables whose foreign keys refer to them, and their indexes. It is
// idempotent: it uses IF NOT EXISTS, and running it again changes nothing.
// On PostgreSQL and SQLite, where DDL is transactional, it runs in one
// transaction, so a failure leaves nothing behind.
func (e *Engine) CreateAll(ctx context.Context, m *expr.MetaData) error {
	tables, err := m.SortedTables()
	if err != nil {
		return err
	}
	ifNotExists := e.c.Dialect().Features().Has(compile.CreateIndexIfNotExists)
	return e.RunInTx(ctx, TxOptions{}, func(ctx context.Context, tx *Tx) error {
		for _, t := range tables {
			if _, err := tx.Exec(ctx, expr.CreateTable(t).IfNotExists()); err != nil {
				return err
			}
		}
		for _, t := range tables {
			for _, ix := range t.AllIndexes() {
				st := expr.CreateIndex(ix)
				if ifNotExists {
					st.IfNotExists()
				}
				if _, err := tx.Exec(ctx, st); err != nil && !(!ifNotExists && errors.Is(err, ErrObjectExists)) {
					return err
				}
			}
		}
		return nil
	})
}

// DropAll drops m's tables that exist, children before their parents
// (with their indexes). It is idempotent: it uses IF EXISTS.
func (e *Engine) DropAll(ctx context.Context, m *expr.MetaData) error {
	tables, err := m.SortedTables()
	if err != nil {
		return err
	}
	return e.RunInTx(ctx, TxOptions{}, func(ctx context.Context, tx *Tx) error {
		for i := len(tables) - 1; i >= 0; i-- {
			if _, err := tx.Exec(ctx, expr.DropTable(tables[i]).IfExists()); err != nil {
				return err
			}
		}
		return nil
	})
}
