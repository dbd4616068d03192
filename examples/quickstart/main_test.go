package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/pool"
)

// checkTour runs the quickstart on dsn and checks the lines that show
// each section worked.
func checkTour(t *testing.T, dsn, dialect string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, dsn, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"engine: " + dialect,
		"   id=2 name=Bob age=17",
		`page ["Ann" "Bob"] of 3 users`,
		"\nrun on " + dialect + ": INSERT INTO ", // step 7's statement is labelled
		"   name=Ann total=200",
		"rejected sort field",
		"duplicate email is a unique violation: true",
		"rows for cy@example.com after the rollback: 0",
		"   users_still_there=3",
		// the ORM part: a graph committed in one transaction
		"== 10. The ORM",
		"\n   begin\n   INSERT INTO ",
		"Ann: 2 posts",
		"Bob: 1 posts",
		"lost update refused: true",
		"the blue team sees 2 of 3 posts",
		"posts left: 2",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
	// The cascade deletes the author's posts before the author.
	posts, authors := -1, -1
	for i, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "   DELETE FROM ") {
			switch {
			case strings.Contains(line, "posts"):
				posts = i
			case strings.Contains(line, "authors"):
				authors = i
			}
		}
	}
	if posts < 0 || authors < 0 || posts > authors {
		t.Errorf("DELETE of the posts at line %d, of the author at line %d; want the posts first", posts, authors)
	}
}

func TestQuickstartSQLite(t *testing.T) { checkTour(t, "", "sqlite") }

// TestQuickstartServers runs the tour on the test servers, as -dsn does.
func TestQuickstartServers(t *testing.T) {
	for _, tc := range []struct{ name, env, def string }{
		{"postgres", "SQLFORGE_PG_DSN", "postgres://postgres@127.0.0.1:5432/test"},
		{"mariadb", "SQLFORGE_MYSQL_DSN", "root@tcp(127.0.0.1:3306)/test"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dsn := compiletest.EnvOr(tc.env, tc.def)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			e, err := open(ctx, dsn)
			if err != nil {
				compiletest.Unreachable(t, tc.name+" at "+tc.env, err)
			}
			name := e.Dialect().Name()
			e.Close()
			if tc.name == "postgres" && name != "postgres" {
				t.Fatalf("open(%s) chose dialect %s", tc.env, name)
			}
			checkTour(t, dsn, name)
		})
	}
}

// TestPoolSource runs the engine suite on SQLite through the project's
// pool: *pool.DB serves as the engine's Source via engine.SQLDBLike, with
// neither module importing the other.
func TestPoolSource(t *testing.T) {
	enginetest.Run(t, enginetest.Env{
		Name: "sqlite-pool",
		Open: func(t testing.TB, opts ...engine.Option) *engine.Engine {
			t.Helper()
			dsn := "file:" + filepath.Join(t.TempDir(), "pool.db") + "?_foreign_keys=1&_busy_timeout=5000&_journal_mode=WAL"
			db, err := pool.Open("sqlite3", dsn)
			if err != nil {
				t.Fatal(err)
			}
			db.SetMaxOpenConns(4)
			e, err := engine.New(engine.SQLDBLike(db), sqlitedialect.New(),
				append([]engine.Option{engine.WithClassifier(sqlitedialect.Classifier{})}, opts...)...)
			if err != nil {
				db.Close()
				t.Fatal(err)
			}
			t.Cleanup(func() { e.Close() })
			if err := e.Ping(context.Background()); err != nil {
				t.Fatal(err)
			}
			return e
		},
		Sleep:             expr.Text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000000) SELECT count(*) FROM c"),
		SnapshotConflicts: true,
		Reflector:         sqlitedialect.Reflector{},
	})
}
