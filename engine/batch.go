package engine

import (
	"context"
	"errors"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// Batch is a write planned as a sequence of statements that must all
// happen or none: the mapper's bulk insert (split under the database's
// parameter limit, generated keys read back into the structs) and its
// checked update of a versioned row are Batches. RunBatch drives one.
//
// The methods take only expr and basic types, so that packages below the
// engine (the mapper depends on expr alone) can implement Batch without
// importing it.
type Batch interface {
	// PlanBatch is called once, first, with what the database allows: at
	// most maxParams bound parameters per statement, and whether INSERT
	// ... RETURNING exists. Without RETURNING, idStep tells how the keys
	// of one multi-row INSERT are spaced (see RunBatch); call it only
	// when needed, as it may query the server. PlanBatch returns how many
	// statements will run, counting each read-back (RETURNING rows, a
	// LAST_INSERT_ID range, a SELECT of generated values) as one more:
	// a read-back can fail after its INSERT wrote.
	PlanBatch(maxParams int, returning bool, idStep func() (int64, error)) (statements int, err error)
	// NextStatement returns the next statement to run and whether it
	// returns rows, or a nil statement when the batch is done.
	NextStatement() (stmt expr.Statement, query bool, err error)
	// BatchRows reads the rows of a statement that returns rows.
	BatchRows(rows interface {
		Next() bool
		Scan(dest ...any) error
		Err() error
	}) error
	// BatchResult reads the result of a statement that returns none:
	// lastInsertID is 0 where the database reports none.
	BatchResult(lastInsertID, rowsAffected int64) error
}

// BatchUndoer is a Batch that changes the caller's values as it runs
// (the keys it reads back into structs, a version it bumps) and can undo
// that: RunBatch calls UndoBatch when the batch fails, after rolling its
// writes back, so that values and database agree again and a retry —
// with the same batch or a new one over the same values — starts from
// where the failed run did.
type BatchUndoer interface {
	Batch
	UndoBatch()
}

// ArrayBatch is a Batch that can give the rows of an INSERT as one array
// parameter per column (expr.InsertStmt.ValuesArrays), which a server
// parses and plans far faster than thousands of parameters. RunBatch
// calls BatchArrays before PlanBatch, with whether the dialect compiles
// that statement (compile.InsertArrays: PostgreSQL); without the call,
// the batch uses VALUES.
type ArrayBatch interface {
	Batch
	BatchArrays(ok bool)
}

// ErrBatchTarget: RunBatch was given an Executor other than an *Engine
// or a *Tx, so it cannot start the transaction the batch needs.
var ErrBatchTarget = errors.New("engine: RunBatch needs an *Engine or a *Tx")

// RunBatch runs b on db, an *Engine or a *Tx. On a *Tx every batch runs
// in a nested transaction (a savepoint), and on an *Engine a batch of
// more than one statement (read-backs count, see PlanBatch) runs in a
// transaction; either is rolled back on the first error, so a failed
// batch writes nothing and leaves the caller's transaction usable.
//
// On a database without INSERT ... RETURNING (MySQL 8), RunBatch reads
// @@innodb_autoinc_lock_mode and @@auto_increment_increment when the
// batch asks: the keys of one multi-row INSERT are consecutive, spaced
// by the increment and starting at LAST_INSERT_ID(), only under lock
// modes 0 (traditional) and 1 (consecutive), for an INSERT ... VALUES
// whose rows give no value for the key. Under mode 2 (interleaved, the
// MySQL 8 default) concurrent inserts may interleave their keys, so the
// step is 0 and the batch inserts one row per statement.
//
// When the batch fails and b is a BatchUndoer, RunBatch calls UndoBatch
// once the batch's transaction or savepoint has been rolled back.
func RunBatch(ctx context.Context, db Executor, b Batch) error {
	err := runBatch(ctx, db, b, true)
	if u, ok := b.(BatchUndoer); ok && err != nil {
		u.UndoBatch()
	}
	return err
}

// RunBatch runs b in t itself, without the savepoint RunBatch wraps
// around a batch on a Tx: a failure leaves t's writes to be rolled back
// by the caller, who rolls the whole transaction back anyway (the unit of
// work's flush), and saves the SAVEPOINT and RELEASE round trips. A
// failed batch that is a BatchUndoer is undone at once.
func (t *Tx) RunBatch(ctx context.Context, b Batch) error {
	err := runBatch(ctx, t, b, false)
	if u, ok := b.(BatchUndoer); ok && err != nil {
		u.UndoBatch()
	}
	return err
}

// WriteCounter is a Batch that tells how many statements of its plan
// write — an INSERT that reads its values back in the statement itself
// is one — once PlanBatch has run: RunBatchAutocommit sends only a plan
// of one.
type WriteCounter interface {
	Batch
	BatchWrites() int
}

// ErrBatchNotSingle: RunBatchAutocommit was given a batch of more than
// one statement, which needs a transaction; nothing ran.
var ErrBatchNotSingle = errors.New("engine: RunBatchAutocommit needs a batch of one statement")

// RunBatchAutocommit runs b, a batch of one statement, on e without a
// transaction around it: the database commits the statement by itself,
// which saves the BEGIN and COMMIT round trips RunBatch would send for a
// statement that reads values back. The price is where a failure may
// fall: if the connection fails while the read-back values arrive, the
// row may have been committed, as it may when a COMMIT's reply is lost.
// b must be a WriteCounter whose plan writes with one statement, and on
// a dialect without INSERT ... RETURNING read nothing back (the read-back
// would be a statement of its own); any other batch is ErrBatchNotSingle
// before anything runs.
func (e *Engine) RunBatchAutocommit(ctx context.Context, b Batch) error {
	err := runBatch(ctx, e, b, false)
	if u, ok := b.(BatchUndoer); ok && err != nil {
		u.UndoBatch()
	}
	return err
}

func runBatch(ctx context.Context, db Executor, b Batch, own bool) (err error) {
	var e *Engine
	switch d := db.(type) {
	case *Engine:
		e = d
	case *Tx:
		e = d.e
	default:
		return ErrBatchTarget
	}
	d := e.Dialect()
	returning := d.Features().Has(compile.ReturningInsert)
	if a, ok := b.(ArrayBatch); ok {
		a.BatchArrays(d.Features().Has(compile.InsertArrays))
	}
	stmts, err := b.PlanBatch(d.MaxParams(), returning, func() (int64, error) { return idStep(ctx, db) })
	if err != nil {
		return err
	}
	_, inTx := db.(*Tx)
	if !own && !inTx {
		if w, ok := b.(WriteCounter); !ok || w.BatchWrites() != 1 || stmts > 1 && !returning {
			return ErrBatchNotSingle
		}
	}
	if own && (stmts > 1 || stmts > 0 && inTx) {
		var tx *Tx
		switch d := db.(type) {
		case *Engine:
			tx, err = d.Begin(ctx, TxOptions{})
		case *Tx:
			tx, err = d.Begin(ctx)
		}
		if err != nil {
			return err
		}
		defer func() {
			if err != nil {
				// The caller's ctx may be what failed the batch: roll
				// back regardless, or a savepoint would keep the rows.
				tx.Rollback(context.WithoutCancel(ctx))
				return
			}
			err = tx.Commit(ctx)
		}()
		db = tx
	}
	for {
		stmt, query, err := b.NextStatement()
		if err != nil || stmt == nil {
			return err
		}
		if query {
			rows, err := db.Query(ctx, stmt)
			if err != nil {
				return err
			}
			err = b.BatchRows(rows)
			if cerr := rows.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			continue
		}
		res, err := db.Exec(ctx, stmt)
		if err != nil {
			return err
		}
		if err := b.BatchResult(res.LastInsertID, res.RowsAffected); err != nil {
			return err
		}
	}
}

// idStep reads how far apart the keys of one multi-row INSERT are on
// MySQL (see RunBatch); 0 when they may not be consecutive.
func idStep(ctx context.Context, db Executor) (int64, error) {
	var mode, inc int64
	q := expr.Text("SELECT @@innodb_autoinc_lock_mode, @@auto_increment_increment")
	if err := db.QueryRow(ctx, q).Scan(&mode, &inc); err != nil {
		return 0, err
	}
	return keyStep(mode, inc), nil
}

// keyStep is the spacing of one multi-row INSERT's keys under
// innodb_autoinc_lock_mode mode and auto_increment_increment inc: inc
// under the traditional (0) and consecutive (1) modes, and 0 — not known
// to be consecutive — under interleaved (2) or anything unexpected.
func keyStep(mode, inc int64) int64 {
	if mode < 0 || mode > 1 || inc < 1 {
		return 0
	}
	return inc
}
