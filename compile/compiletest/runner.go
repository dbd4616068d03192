package compiletest

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

var update = flag.Bool("update", false, "rewrite the golden SQL files in testdata")

// Env is what a dialect hands to Run.
type Env struct {
	// Dialect under test.
	Dialect compile.Dialect
	// DB is a connection to an empty schema (database) of its own, or nil
	// to check golden SQL only.
	DB *sql.DB
	// AfterSeed runs after the fixture rows are inserted (PostgreSQL moves
	// its identity sequences past the explicit ids there).
	AfterSeed func(ctx context.Context, db *sql.DB) error
	// Golden is the directory of golden files (default "testdata").
	Golden string
}

// Run compiles every case for env.Dialect, compares the SQL with the golden
// files, checks that compiling again is a cache hit that does not allocate,
// and, when env.DB is set, creates the fixture, executes every case and
// compares the rows.
func Run(t *testing.T, env Env) {
	if env.Golden == "" {
		env.Golden = "testdata"
	}
	ctx := context.Background()
	s := NewSchema()
	c := compile.New(env.Dialect)
	// uncached renders every case in one pass that writes the SQL and
	// collects the arguments; the cached compiler collects them in the
	// shape pass and renders in a second pass that only numbers the
	// placeholders, from a cache shared by all the cases. They must agree
	// on every case and test run. (A shape the walk records too coarsely
	// shows as a golden file's difference when two cases collide, and in
	// the fuzz target's random trees.)
	uncached := compile.New(env.Dialect, compile.CacheSize(0))
	name := env.Dialect.Name()

	tables, err := s.Meta.SortedTables()
	if err != nil {
		t.Fatal(err)
	}
	var ddl []string
	for _, tb := range tables {
		q, _, err := c.Compile(expr.CreateTable(tb), nil)
		if err != nil {
			t.Fatalf("CREATE TABLE %s: %v", tb.Name, err)
		}
		ddl = append(ddl, q)
		for _, ix := range tb.AllIndexes() {
			q, _, err := c.Compile(expr.CreateIndex(ix), nil)
			if err != nil {
				t.Fatalf("CREATE INDEX %s: %v", ix.Name, err)
			}
			ddl = append(ddl, q)
		}
	}
	var drops []string
	for i := len(tables) - 1; i >= 0; i-- {
		q, _, err := c.Compile(expr.DropTable(tables[i]).IfExists(), nil)
		if err != nil {
			t.Fatal(err)
		}
		drops = append(drops, q)
	}
	golden(t, env.Golden, "schema_create", strings.Join(ddl, ";\n"))
	golden(t, env.Golden, "schema_drop", strings.Join(drops, ";\n"))

	if env.DB != nil {
		for _, q := range ddl {
			if _, err := env.DB.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		for _, st := range s.seed() {
			q, args, err := c.Compile(st, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := env.DB.ExecContext(ctx, q, args...); err != nil {
				t.Fatalf("seed %s: %v", q, err)
			}
		}
		if env.AfterSeed != nil {
			if err := env.AfterSeed(ctx, env.DB); err != nil {
				t.Fatal(err)
			}
		}
	}

	for _, tc := range Cases() {
		t.Run(tc.Name, func(t *testing.T) {
			st := tc.Build(s)
			q, args, err := c.Compile(st, nil, tc.Params...)
			unsupported := slices.Contains(tc.Unsupported, name)
			if unsupported {
				if !errors.Is(err, compile.ErrUnsupported) {
					t.Fatalf("want ErrUnsupported on %s, got %v (%s)", name, err, q)
				}
				golden(t, env.Golden, tc.Name, "-- unsupported: "+err.Error())
				return
			}
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			golden(t, env.Golden, tc.Name, q)
			checkCacheHit(t, c, st, q, args, tc.Params)
			checkUncached(t, uncached, st, q, args, tc.Params)
			checkPrepared(t, c, st, q, args, tc.Params)
			if env.DB == nil {
				return
			}
			execCase(t, ctx, env.DB, s, c, tc, q, args)
		})
	}
	if env.DB != nil {
		for _, q := range drops {
			if _, err := env.DB.ExecContext(ctx, q); err != nil {
				t.Errorf("%s: %v", q, err)
			}
		}
	}
}

// checkCacheHit compiles st again: the SQL must be the cached string, the
// arguments equal, and (outside the race detector) nothing allocated.
func checkCacheHit(t *testing.T, c *compile.Compiler, st expr.Statement, q string, args []any, params []sql.NamedArg) {
	t.Helper()
	hits, _, _ := c.CacheStats()
	buf := make([]any, 0, len(args)+8)
	q2, args2, err := c.Compile(st, buf, params...)
	if err != nil || q2 != q {
		t.Fatalf("second compile: %q, %v; want %q", q2, err, q)
	}
	if h, _, _ := c.CacheStats(); h != hits+1 {
		t.Fatalf("second compile was not a cache hit")
	}
	if len(args2) != len(args) {
		t.Fatalf("second compile: %d args, want %d", len(args2), len(args))
	}
	if raceEnabled {
		return
	}
	allocs := testing.AllocsPerRun(20, func() {
		if _, _, err := c.Compile(st, buf[:0], params...); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("compile on a cache hit allocated %v times per call; want 0", allocs)
	}
}

// checkUncached compiles st with a compiler without a cache: SQL and
// arguments must be the cached compiler's.
func checkUncached(t *testing.T, c *compile.Compiler, st expr.Statement, q string, args []any, params []sql.NamedArg) {
	t.Helper()
	q2, args2, err := c.Compile(st, nil, params...)
	if err != nil || q2 != q {
		t.Fatalf("uncached compile: %q, %v; cached: %q", q2, err, q)
	}
	if !reflect.DeepEqual(args2, args) {
		t.Fatalf("uncached compile: arguments %v; cached: %v", args2, args)
	}
}

// checkPrepared prepares st: its SQL and, for the case's parameters, its
// arguments must be those of Compile, and executing it must not allocate
// beyond the arguments slice.
func checkPrepared(t *testing.T, c *compile.Compiler, st expr.Statement, q string, args []any, params []sql.NamedArg) {
	t.Helper()
	p, err := c.Prepare(st)
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	if p.SQL() != q {
		t.Fatalf("prepared: %q; compiled: %q", p.SQL(), q)
	}
	args2, err := p.Args(nil, params...)
	if err != nil || !reflect.DeepEqual(args2, args) {
		t.Fatalf("prepared arguments: %v, %v; compiled: %v", args2, err, args)
	}
	if raceEnabled {
		return
	}
	buf := make([]any, 0, len(args))
	if allocs := testing.AllocsPerRun(20, func() { _, _ = p.Args(buf[:0], params...) }); allocs != 0 {
		t.Errorf("a prepared execution allocated %v times; want 0", allocs)
	}
}

func execCase(t *testing.T, ctx context.Context, db *sql.DB, s *Schema, c *compile.Compiler, tc Case, q string, args []any) {
	t.Helper()
	if tc.DDL {
		res, err := db.ExecContext(ctx, q, args...)
		if err != nil {
			t.Fatalf("exec %s: %v", q, err)
		}
		checkAffected(t, res, tc.Affected)
		return
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if tc.Rows != nil {
		got := queryRows(t, ctx, tx, q, args)
		compareRows(t, q, got, tc.Rows, tc.Unordered)
	} else {
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			t.Fatalf("exec %s: %v", q, err)
		}
		checkAffected(t, res, tc.Affected)
	}
	if tc.Check != nil {
		cq, cargs, err := c.Compile(tc.Check(s), nil)
		if err != nil {
			t.Fatal(err)
		}
		compareRows(t, cq, queryRows(t, ctx, tx, cq, cargs), tc.CheckRows, false)
	}
}

func checkAffected(t *testing.T, res sql.Result, want int64) {
	t.Helper()
	if want < 0 {
		return
	}
	n, err := res.RowsAffected()
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Errorf("rows affected = %d; want %d", n, want)
	}
}

func queryRows(t *testing.T, ctx context.Context, tx *sql.Tx, q string, args []any) [][]string {
	t.Helper()
	rs, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		t.Fatalf("query %s: %v", q, err)
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		t.Fatal(err)
	}
	out := [][]string{}
	for rs.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			switch {
			case !v.Valid:
				row[i] = "NULL"
			case v.String == "true":
				row[i] = "1"
			case v.String == "false":
				row[i] = "0"
			default:
				row[i] = v.String
			}
		}
		out = append(out, row)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func compareRows(t *testing.T, q string, got, want [][]string, unordered bool) {
	t.Helper()
	if unordered {
		sortRows(got)
		want = slices.Clone(want)
		sortRows(want)
	}
	if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
		t.Errorf("rows of %s\n got %q\nwant %q", q, got, want)
	}
}

func sortRows(rs [][]string) {
	slices.SortFunc(rs, func(a, b []string) int { return strings.Compare(strings.Join(a, "\x00"), strings.Join(b, "\x00")) })
}

// golden compares got with testdata/<name>.sql, or writes it with -update.
func golden(t *testing.T, dir, name, got string) {
	t.Helper()
	path := filepath.Join(dir, name+".sql")
	got += "\n"
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file: %v (run the test with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("SQL differs from %s\n got: %s\nwant: %s", path, got, want)
	}
}
