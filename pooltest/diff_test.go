package pooltest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sqlforge/sqlforge/pool"
)

// expressions returns select-list expressions producing every kind of value
// the backend's driver hands to Scan.
func expressions(b backend) []string {
	common := []string{"42", "-7", "300", "0", "1", "3.5", "'abc'", "'123'", "'-5'", "'2.5'", "'true'", "''", "NULL"}
	switch b.name {
	case "sqlite":
		return append(common, "x'414243'", "1 = 1", "'2024-02-29 13:14:15'", "CAST(1e300 AS REAL)", "9223372036854775807",
			"CAST('2024-02-29' AS TEXT)", "x''")
	case "postgres":
		return append(common, "42::int2", "42::int4", "42::int8", "3.5::float4", "1.25::numeric(10,2)", "'abc'::varchar(10)",
			"'\\x414243'::bytea", "true", "false", "timestamp '2024-02-29 13:14:15.123456'",
			"timestamptz '2024-02-29 13:14:15.123456+02'", "date '2024-02-29'", "time '13:14:15'", "'{1,2}'::int4[]",
			"'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", "'{\"a\":1}'::jsonb", "NULL::int4", "NULL::text", "interval '1 day'",
			"9223372036854775807::int8", "1e300::float8")
	default:
		return append(common, "CAST(-7 AS SIGNED)", "CAST(300 AS UNSIGNED)", "CAST(1.25 AS DECIMAL(10,2))", "3.5e0",
			"_binary 'ABC'", "TRUE", "TIMESTAMP '2024-02-29 13:14:15.123456'", "DATE '2024-02-29'", "TIME '13:14:15'",
			"CAST(NULL AS SIGNED)", "18446744073709551615", "JSON_OBJECT('a', 1)", "CAST('x' AS CHAR(3))", "1e300")
	}
}

type upperScanner struct{ Got string }

func (u *upperScanner) Scan(src any) error {
	if src == nil {
		return errors.New("upperScanner: NULL")
	}
	u.Got = fmt.Sprintf("%T:%v", src, src)
	return nil
}

type myInt int64
type myString string

// destinations returns fresh Scan destinations of every kind database/sql
// documents.
func destinations() []any {
	return []any{
		new(string), new([]byte), new(any), new(bool),
		new(int), new(int8), new(int16), new(int32), new(int64),
		new(uint), new(uint8), new(uint16), new(uint32), new(uint64),
		new(float32), new(float64), new(time.Time),
		new(sql.NullString), new(sql.NullInt64), new(sql.NullInt32), new(sql.NullInt16),
		new(sql.NullByte), new(sql.NullFloat64), new(sql.NullBool), new(sql.NullTime),
		new(sql.Null[int64]), new(sql.Null[string]), new(sql.Null[time.Time]),
		new(myInt), new(myString), new(*int64), new(*string),
		new(upperScanner), new(struct{ X int }), 0,
	}
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func deref(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		return rv.Elem().Interface()
	}
	return v
}

var cmpOpts = cmp.Options{cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) && a.Location().String() == b.Location().String() })}

func TestScanDifferential(t *testing.T) {
	allBackends(t, func(t *testing.T, b backend) {
		sdb, pdb := openBoth(t, b)
		ctx := context.Background()
		n := 0
		for _, expr := range expressions(b) {
			q := "SELECT " + expr + " AS c"
			sd, pd := destinations(), destinations()
			for k := range sd {
				serr := sdb.QueryRowContext(ctx, q).Scan(sd[k])
				perr := pdb.QueryRowContext(ctx, q).Scan(pd[k])
				if errText(serr) != errText(perr) {
					t.Errorf("%s into %T: error %q; database/sql says %q", expr, pd[k], errText(perr), errText(serr))
					continue
				}
				if d := cmp.Diff(deref(sd[k]), deref(pd[k]), cmpOpts); d != "" {
					t.Errorf("%s into %T: (-database/sql +pool)\n%s", expr, pd[k], d)
				}
				n++
			}
			// RawBytes through Rows.Scan.
			sraw, serr := scanRaw(sdb.QueryContext(ctx, q))
			praw, perr := scanRaw(pdb.QueryContext(ctx, q))
			if errText(serr) != errText(perr) || !reflect.DeepEqual(sraw, praw) {
				t.Errorf("%s into RawBytes: %q, %v; database/sql gives %q, %v", expr, praw, perr, sraw, serr)
			}
		}
		if n < 100 {
			t.Fatalf("only %d comparisons ran", n)
		}
	})
}

type rowsLike interface {
	Next() bool
	Scan(...any) error
	Close() error
}

func scanRaw[R rowsLike](rows R, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, errors.New("no row")
	}
	var raw sql.RawBytes
	if err := rows.Scan(&raw); err != nil {
		return nil, err
	}
	if raw == nil {
		return nil, nil
	}
	return append([]byte{}, raw...), nil
}

type colInfo struct {
	Name, DBType, ScanType      string
	Length                      int64
	LengthOK                    bool
	Precision, Scale            int64
	DecimalOK, Nullable, NullOK bool
}

type columnTyper interface {
	Name() string
	DatabaseTypeName() string
	ScanType() reflect.Type
	Length() (int64, bool)
	DecimalSize() (int64, int64, bool)
	Nullable() (bool, bool)
}

func infos[C columnTyper](cts []C, err error) ([]colInfo, error) {
	out := make([]colInfo, len(cts))
	for i, ct := range cts {
		c := &out[i]
		c.Name, c.DBType, c.ScanType = ct.Name(), ct.DatabaseTypeName(), fmt.Sprint(ct.ScanType())
		c.Length, c.LengthOK = ct.Length()
		c.Precision, c.Scale, c.DecimalOK = ct.DecimalSize()
		c.Nullable, c.NullOK = ct.Nullable()
	}
	return out, err
}

// result is everything a query produced, result set by result set.
type result struct {
	Columns [][]string
	Types   [][]colInfo
	Rows    [][][]any
	Err     string
}

type fullRows interface {
	rowsLike
	Columns() ([]string, error)
	NextResultSet() bool
	Err() error
}

func collect[R fullRows](rows R, err error, types func(R) ([]colInfo, error)) result {
	var r result
	if err != nil {
		r.Err = err.Error()
		return r
	}
	defer rows.Close()
	for {
		cols, _ := rows.Columns()
		ti, _ := types(rows)
		r.Columns = append(r.Columns, cols)
		r.Types = append(r.Types, ti)
		var set [][]any
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				r.Err = err.Error()
				return r
			}
			set = append(set, vals)
		}
		r.Rows = append(r.Rows, set)
		if !rows.NextResultSet() {
			break
		}
	}
	r.Err = errText(rows.Err())
	return r
}

func TestQueriesDifferential(t *testing.T) {
	allBackends(t, func(t *testing.T, b backend) {
		sdb, pdb := openBoth(t, b)
		ctx := context.Background()
		ph := func(i int) string {
			if b.name == "postgres" {
				return fmt.Sprintf("$%d", i)
			}
			return "?"
		}
		setup := []string{
			"CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, price DECIMAL(10,2), note TEXT)",
		}
		for _, s := range setup {
			if _, err := sdb.ExecContext(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		ins := fmt.Sprintf("INSERT INTO items (id, name, price, note) VALUES (%s, %s, %s, %s)", ph(1), ph(2), ph(3), ph(4))
		for i := 1; i <= 5; i++ {
			var note any
			if i%2 == 0 {
				note = sql.NullString{String: fmt.Sprint("note ", i), Valid: true}
			} else {
				note = sql.NullString{}
			}
			sres, serr := sdb.ExecContext(ctx, ins, i, fmt.Sprint("item", i), float64(i)+0.25, note)
			pres, perr := pdb.ExecContext(ctx, ins, i+100, fmt.Sprint("item", i+100), float64(i)+0.25, note)
			if errText(serr) != errText(perr) {
				t.Fatalf("insert: %v; database/sql: %v", perr, serr)
			}
			sn, _ := sres.RowsAffected()
			pn, _ := pres.RowsAffected()
			if sn != pn {
				t.Fatalf("RowsAffected %d; database/sql %d", pn, sn)
			}
		}
		// Duplicate key: same error text and class.
		_, serr := sdb.ExecContext(ctx, ins, 1, "dup", 0, nil)
		_, perr := pdb.ExecContext(ctx, ins, 1, "dup", 0, nil)
		if serr == nil || errText(serr) != errText(perr) || reflect.TypeOf(errors.Unwrap(serr)) != reflect.TypeOf(errors.Unwrap(perr)) {
			t.Errorf("duplicate key: %v; database/sql: %v", perr, serr)
		}
		queries := []struct {
			q    string
			args []any
		}{
			{"SELECT id, name, price, note FROM items ORDER BY id", nil},
			{"SELECT id, name FROM items WHERE id > " + ph(1) + " ORDER BY id", []any{2}},
			{"SELECT COUNT(*), SUM(id), MAX(name) FROM items", nil},
			{"SELECT name FROM items WHERE id = " + ph(1), []any{int64(999)}},
			{"SELECT * FROM no_such_table", nil},
			{"SELEC broken", nil},
			{"SELECT id FROM items WHERE name = " + ph(1), []any{sql.Named("n", "item1")}},
			{"SELECT 1; SELECT 2, 3", nil},
			{"SELECT " + ph(1), []any{struct{}{}}},
		}
		if b.name == "sqlite" {
			queries = append(queries, struct {
				q    string
				args []any
			}{"SELECT :a + :b AS s", []any{sql.Named("a", 2), sql.Named("b", 3)}})
		}
		sTypes := func(r *sql.Rows) ([]colInfo, error) { return infos(r.ColumnTypes()) }
		pTypes := func(r *pool.Rows) ([]colInfo, error) { return infos(r.ColumnTypes()) }
		for i, q := range queries {
			sr, serr := sdb.QueryContext(ctx, q.q, q.args...)
			want := collect(sr, serr, sTypes)
			if i == 0 && (len(want.Rows) == 0 || len(want.Rows[0]) != 10) {
				t.Fatalf("%s: want 10 rows, database/sql got %+v", q.q, want)
			}
			pr, perr := pdb.QueryContext(ctx, q.q, q.args...)
			got := collect(pr, perr, pTypes)
			if d := cmp.Diff(want, got, cmpOpts); d != "" {
				t.Errorf("%s: (-database/sql +pool)\n%s", q.q, d)
			}
		}
		if st := pdb.Stats(); st.InUse != 0 {
			t.Fatalf("stats after queries %+v; want nothing in use", st)
		}
	})
}

func TestTxAndStmtDifferential(t *testing.T) {
	allBackends(t, func(t *testing.T, b backend) {
		sdb, pdb := openBoth(t, b)
		ctx := context.Background()
		if _, err := sdb.ExecContext(ctx, "CREATE TABLE kv (k INTEGER PRIMARY KEY, v INTEGER)"); err != nil {
			t.Fatal(err)
		}
		ph := "?"
		if b.name == "postgres" {
			ph = "$1"
		}
		// database/sql path.
		stx, err := sdb.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := stx.ExecContext(ctx, "INSERT INTO kv VALUES (1, 10)"); err != nil {
			t.Fatal(err)
		}
		stx.Rollback()
		// pool path.
		ptx, err := pdb.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ptx.ExecContext(ctx, "INSERT INTO kv VALUES (1, 10)"); err != nil {
			t.Fatal(err)
		}
		if err := ptx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if err, serr := ptx.Commit(), stx.Commit(); errText(err) != errText(serr) {
			t.Fatalf("Commit after Rollback: %v; database/sql: %v", err, serr)
		}
		var n int
		if err := pdb.QueryRowContext(ctx, "SELECT COUNT(*) FROM kv").Scan(&n); err != nil || n != 0 {
			t.Fatalf("rows after rollback: %d, %v; want 0", n, err)
		}
		ptx, _ = pdb.BeginTx(ctx, nil)
		stmt, err := pdb.PrepareContext(ctx, "INSERT INTO kv VALUES ("+ph+", 1)")
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 3; i++ {
			if _, err := ptx.StmtContext(ctx, stmt).ExecContext(ctx, i); err != nil {
				t.Fatal(err)
			}
		}
		if err := ptx.Commit(); err != nil {
			t.Fatal(err)
		}
		stmt.Close()
		if err := sdb.QueryRowContext(ctx, "SELECT COUNT(*) FROM kv").Scan(&n); err != nil || n != 3 {
			t.Fatalf("rows after commit: %d, %v; want 3", n, err)
		}
		// Isolation levels the driver refuses give the same error.
		opts := &sql.TxOptions{Isolation: sql.LevelLinearizable}
		_, serr := sdb.BeginTx(ctx, opts)
		_, perr := pdb.BeginTx(ctx, opts)
		if errText(serr) != errText(perr) {
			t.Errorf("BeginTx(Linearizable): %v; database/sql: %v", perr, serr)
		}
		// A session on a Conn keeps its state.
		conn, err := pdb.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if err := conn.Raw(func(dc any) error {
			if dc == nil {
				return errors.New("nil driver conn")
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := conn.PingContext(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestContextCancelDifferential(t *testing.T) {
	allBackends(t, func(t *testing.T, b backend) {
		if b.name == "sqlite" {
			t.Skip("SQLite has no server-side sleep to interrupt")
		}
		sdb, pdb := openBoth(t, b)
		q := "SELECT pg_sleep(30)"
		if b.name == "mariadb" {
			q = "SELECT SLEEP(30)"
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		var sv, pv any
		serr := sdb.QueryRowContext(ctx, q).Scan(&sv)
		ctx2, cancel2 := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel2()
		perr := pdb.QueryRowContext(ctx2, q).Scan(&pv)
		if serr == nil || perr == nil {
			t.Fatalf("canceled sleep: pool %v, database/sql %v; want errors", perr, serr)
		}
		if errors.Is(serr, context.DeadlineExceeded) != errors.Is(perr, context.DeadlineExceeded) {
			t.Errorf("canceled sleep: pool %v; database/sql %v", perr, serr)
		}
		if b.name == "mariadb" && strings.Contains(errText(serr), "interrupted") != strings.Contains(errText(perr), "interrupted") {
			t.Errorf("canceled sleep: pool %v; database/sql %v", perr, serr)
		}
		if err := pdb.PingContext(context.Background()); err != nil {
			t.Fatalf("pool unusable after a canceled query: %v", err)
		}
		if st := pdb.Stats(); st.InUse != 0 {
			t.Fatalf("stats %+v; want nothing in use", st)
		}
	})
}
