package mappertest

import (
	"context"
	"time"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// memSource is an engine.Source that serves rows of 8 columns from
// memory, for measuring what the engine and the mapper add to a scan
// without a driver's work around it.

type memRow struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	Email     string    `db:"email"`
	City      string    `db:"city"`
	CreatedAt time.Time `db:"created_at"`
	Active    bool      `db:"active"`
	Score     float64   `db:"score"`
	Nickname  *string   `db:"nickname"`
}

var memCols = []string{"id", "name", "email", "city", "created_at", "active", "score", "nickname"}

type memSource struct{ rows []memRow }

func (s *memSource) Exec(context.Context, string, []any) (engine.Result, error) {
	return engine.Result{}, nil
}
func (s *memSource) Query(context.Context, string, []any) (engine.SourceRows, error) {
	return &memSourceRows{rows: s.rows, i: -1}, nil
}
func (s *memSource) Begin(context.Context, engine.TxOptions) (engine.SourceTx, error) {
	panic("not used")
}
func (s *memSource) Close() error { return nil }

type memSourceRows struct {
	rows []memRow
	i    int
}

func (r *memSourceRows) Columns() ([]string, error) { return memCols, nil }
func (r *memSourceRows) Next() bool                 { r.i++; return r.i < len(r.rows) }
func (r *memSourceRows) Err() error                 { return nil }
func (r *memSourceRows) Close() error               { return nil }

// Scan assigns like a driver for these exact types.
func (r *memSourceRows) Scan(dest ...any) error {
	v := &r.rows[r.i]
	*dest[0].(*int64) = v.ID
	*dest[1].(*string) = v.Name
	*dest[2].(*string) = v.Email
	*dest[3].(*string) = v.City
	*dest[4].(*time.Time) = v.CreatedAt
	*dest[5].(*bool) = v.Active
	*dest[6].(*float64) = v.Score
	*dest[7].(**string) = v.Nickname
	return nil
}

var memQuery = expr.Text("SELECT id, name, email, city, created_at, active, score, nickname FROM t")

// memEngine returns an engine over n rows in memory.
func memEngine(n int) *engine.Engine {
	src := &memSource{rows: make([]memRow, n)}
	for i := range src.rows {
		src.rows[i] = memRow{ID: int64(i), Name: "name", Email: "e@example.com", City: "city", Active: i%2 == 0, Score: 1.5}
	}
	return newEngine(src, sqlitedialect.New())
}
