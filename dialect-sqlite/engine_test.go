package sqlitedialect_test

import (
	"context"
	"path/filepath"
	"testing"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
)

// openEngine opens a fresh database with Open: a WAL file of the test's
// own, or (for dsn "") a new shared in-memory database.
func openEngine(dsn func(t testing.TB) string) func(t testing.TB, opts ...engine.Option) *engine.Engine {
	return func(t testing.TB, opts ...engine.Option) *engine.Engine {
		t.Helper()
		open := make([]engine.OpenOption, len(opts)) // every Option is an OpenOption
		for i, o := range opts {
			open[i] = o
		}
		e, err := sqlitedialect.Open(context.Background(), dsn(t), open...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e
	}
}

var sqliteSleep = expr.Text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000000) SELECT count(*) FROM c")

func TestEngine(t *testing.T) {
	enginetest.Run(t, enginetest.Env{
		Name:              "sqlite",
		Open:              openEngine(func(t testing.TB) string { return filepath.Join(t.TempDir(), "engine.db") }),
		Sleep:             sqliteSleep,
		SnapshotConflicts: true,
		Reflector:         sqlitedialect.Reflector{},
		ReadOnlyTx:        true,
	})
}

func TestEngineMemory(t *testing.T) {
	enginetest.Run(t, enginetest.Env{
		Name:       "sqlite-memory",
		Open:       openEngine(func(testing.TB) string { return "" }),
		Sleep:      sqliteSleep,
		ReadOnlyTx: true,
		Reflector:  sqlitedialect.Reflector{},
	})
}
