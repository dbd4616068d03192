package sqlpool_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/pool/sqlpool"
)

// legacyConnector opens connections that implement none of the optional
// context interfaces: only driver.Conn, driver.Execer and driver.Queryer,
// with statements that have only Exec and Query. It exercises the
// fallbacks database/sql keeps for such drivers.
type legacyConnector struct{}

func (legacyConnector) Connect(context.Context) (driver.Conn, error) { return legacyConn{}, nil }
func (legacyConnector) Driver() driver.Driver                        { return nil }

type legacyConn struct{}

func (legacyConn) Prepare(q string) (driver.Stmt, error) {
	switch q {
	case "bad":
		return nil, errors.New("legacy: cannot prepare")
	case "skipconv":
		return convStmt{}, nil
	case "skipcheck":
		return checkStmt{}, nil
	}
	return legacyStmt{}, nil
}
func (legacyConn) Close() error              { return nil }
func (legacyConn) Begin() (driver.Tx, error) { return legacyTx{}, nil }

func (legacyConn) Exec(q string, args []driver.Value) (driver.Result, error) {
	if strings.HasPrefix(q, "skip") {
		return nil, driver.ErrSkip // run it prepared instead
	}
	return driver.RowsAffected(len(args)), nil
}

func (legacyConn) Query(q string, args []driver.Value) (driver.Rows, error) {
	if strings.HasPrefix(q, "skip") {
		return nil, driver.ErrSkip
	}
	return &legacyRows{v: fmt.Sprint(args)}, nil
}

type legacyStmt struct{}

func (legacyStmt) Close() error  { return nil }
func (legacyStmt) NumInput() int { return 1 }
func (legacyStmt) Exec(args []driver.Value) (driver.Result, error) {
	return driver.RowsAffected(10 + len(args)), nil
}
func (legacyStmt) Query(args []driver.Value) (driver.Rows, error) {
	return &legacyRows{v: fmt.Sprint("stmt ", args)}, nil
}

// convStmt converts its two arguments with a driver.ColumnConverter:
// "bad" becomes a value of no driver type, "skip" is passed on with
// driver.ErrSkip (to the default converter), anything else is tagged with
// its column.
type convStmt struct{ legacyStmt }

func (convStmt) NumInput() int { return 2 }
func (convStmt) ColumnConverter(i int) driver.ValueConverter {
	return driver.ValueConverter(colConv(i))
}

type colConv int

func (c colConv) ConvertValue(v any) (driver.Value, error) {
	switch v {
	case "bad":
		return struct{}{}, nil
	case "fail":
		return nil, errors.New("colConv: refused")
	}
	return fmt.Sprintf("col%d=%v", int(c), v), nil
}

// checkStmt adds a driver.NamedValueChecker to convStmt: "rm" is removed,
// integers are passed on (driver.ErrSkip) to the column converter,
// "fail" is refused, and other values are tagged.
type checkStmt struct{ convStmt }

func (checkStmt) CheckNamedValue(nv *driver.NamedValue) error {
	switch v := nv.Value.(type) {
	case int:
		return driver.ErrSkip
	case string:
		switch v {
		case "rm":
			return driver.ErrRemoveArgument
		case "fail":
			return errors.New("checker: refused")
		}
	}
	nv.Value = fmt.Sprintf("checked %s=%v", nv.Name, nv.Value)
	return nil
}

// badValuer returns a value of no driver type.
type badValuer struct{}

func (badValuer) Value() (driver.Value, error) { return struct{}{}, nil }

type legacyTx struct{}

func (legacyTx) Commit() error   { return nil }
func (legacyTx) Rollback() error { return nil }

type legacyRows struct {
	v    string
	done bool
}

func (r *legacyRows) Columns() []string { return []string{"v"} }
func (r *legacyRows) Close() error      { return nil }
func (r *legacyRows) Next(dest []driver.Value) error {
	if r.done {
		return io.EOF
	}
	r.done = true
	dest[0] = r.v
	return nil
}

// handle is what the calls below need of *sql.DB and *sqlpool.DB; the
// differing Tx and Stmt types stay behind closures.
type handle struct {
	exec  func(ctx context.Context, q string, args ...any) (sql.Result, error)
	query func(ctx context.Context, q string, args ...any) string
	begin func(ctx context.Context, opts *sql.TxOptions) error
	stmt  func(ctx context.Context, q string, args ...any) string
}

func describeResult(res sql.Result, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	n, err := res.RowsAffected()
	return fmt.Sprint(n, err)
}

// TestLegacyDriverMatchesDatabaseSQL runs the same calls through both
// packages over a driver without the context interfaces.
func TestLegacyDriverMatchesDatabaseSQL(t *testing.T) {
	sdb, pdb := sql.OpenDB(legacyConnector{}), sqlpool.OpenDB(legacyConnector{})
	defer sdb.Close()
	defer pdb.Close()
	s := handle{
		exec: sdb.ExecContext,
		query: func(ctx context.Context, q string, args ...any) string {
			var v string
			return fmt.Sprint(v, sdb.QueryRowContext(ctx, q, args...).Scan(&v), v)
		},
		begin: func(ctx context.Context, opts *sql.TxOptions) error {
			tx, err := sdb.BeginTx(ctx, opts)
			if err != nil {
				return err
			}
			return tx.Commit()
		},
		stmt: func(ctx context.Context, q string, args ...any) string {
			st, err := sdb.PrepareContext(ctx, q)
			if err != nil {
				return err.Error()
			}
			defer st.Close()
			var v string
			return fmt.Sprint(describeResult(st.ExecContext(ctx, args...)), st.QueryRowContext(ctx, args...).Scan(&v), v)
		},
	}
	p := handle{
		exec: pdb.ExecContext,
		query: func(ctx context.Context, q string, args ...any) string {
			var v string
			return fmt.Sprint(v, pdb.QueryRowContext(ctx, q, args...).Scan(&v), v)
		},
		begin: func(ctx context.Context, opts *sql.TxOptions) error {
			tx, err := pdb.BeginTx(ctx, opts)
			if err != nil {
				return err
			}
			return tx.Commit()
		},
		stmt: func(ctx context.Context, q string, args ...any) string {
			st, err := pdb.PrepareContext(ctx, q)
			if err != nil {
				return err.Error()
			}
			defer st.Close()
			var v string
			return fmt.Sprint(describeResult(st.ExecContext(ctx, args...)), st.QueryRowContext(ctx, args...).Scan(&v), v)
		},
	}
	live := context.Background()
	done, cancel := context.WithCancel(live)
	cancel()
	cases := []struct {
		name string
		run  func(h handle) string
	}{
		{"exec", func(h handle) string { return describeResult(h.exec(live, "x", 1, "a")) }},
		{"exec named", func(h handle) string { return describeResult(h.exec(live, "x", sql.Named("n", 1))) }},
		{"exec prepared", func(h handle) string { return describeResult(h.exec(live, "skip", 1)) }},
		{"exec prepared, wrong count", func(h handle) string { return describeResult(h.exec(live, "skip", 1, 2)) }},
		{"exec prepare fails", func(h handle) string { return describeResult(h.exec(live, "bad")) }},
		{"exec canceled", func(h handle) string { return describeResult(h.exec(done, "x")) }},
		{"query", func(h handle) string { return h.query(live, "x", 7) }},
		{"query named", func(h handle) string { return h.query(live, "x", sql.Named("n", 1)) }},
		{"query prepared", func(h handle) string { return h.query(live, "skip", 7) }},
		{"begin", func(h handle) string { return fmt.Sprint(h.begin(live, nil)) }},
		{"begin read-only", func(h handle) string { return fmt.Sprint(h.begin(live, &sql.TxOptions{ReadOnly: true})) }},
		{"begin serializable", func(h handle) string {
			return fmt.Sprint(h.begin(live, &sql.TxOptions{Isolation: sql.LevelSerializable}))
		}},
		{"stmt", func(h handle) string { return h.stmt(live, "q", 3) }},
		{"stmt named", func(h handle) string { return h.stmt(live, "q", sql.Named("n", 3)) }},
		{"stmt canceled", func(h handle) string { return h.stmt(done, "q", 3) }},
		{"column converter", func(h handle) string { return h.query(live, "skipconv", 1, "a") }},
		{"column converter, valuer", func(h handle) string {
			return h.query(live, "skipconv", sql.NullInt64{Int64: 5, Valid: true}, sql.NullString{})
		}},
		{"column converter, bad valuer", func(h handle) string { return h.stmt(live, "skipconv", badValuer{}, 1) }},
		{"column converter, valuer (prepared)", func(h handle) string {
			return h.stmt(live, "skipconv", sql.NullInt64{Int64: 5, Valid: true}, sql.NullString{})
		}},
		{"column converter, too many (prepared)", func(h handle) string { return h.stmt(live, "skipconv", 1, 2, "fail") }},
		{"column converter, unsupported result", func(h handle) string { return h.query(live, "skipconv", "bad", 1) }},
		{"column converter fails", func(h handle) string { return h.query(live, "skipconv", "fail", 1) }},
		{"column converter, too many", func(h handle) string { return h.query(live, "skipconv", 1, 2, "fail") }},
		{"checker", func(h handle) string { return h.stmt(live, "skipcheck", "a", 2) }},
		{"checker removes", func(h handle) string { return h.stmt(live, "skipcheck", "rm", 1, "b") }},
		{"checker removes too many", func(h handle) string { return h.stmt(live, "skipcheck", "rm", "rm") }},
		{"checker refuses", func(h handle) string { return h.stmt(live, "skipcheck", 1, "fail") }},
		{"checker, named", func(h handle) string { return h.stmt(live, "skipcheck", sql.Named("n", "v"), 3) }},
		{"checker, bad name", func(h handle) string { return h.stmt(live, "skipcheck", sql.Named("_n", "v"), 3) }},
		{"column converter, named", func(h handle) string { return h.query(live, "skipconv", sql.Named("a", 1), 2) }},
	}
	for _, c := range cases {
		if want, got := c.run(s), c.run(p); got != want {
			t.Errorf("%s: %q; database/sql: %q", c.name, got, want)
		}
	}
}
