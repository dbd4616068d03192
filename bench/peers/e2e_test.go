package peers_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/uptrace/bun"
)

// The end-to-end benchmarks run the workloads of the common public ORM
// benchmark suites against a real server, one table, the same data for
// every contender:
//
//	q=insert1    INSERT one row, the generated key read back
//	q=insert100  INSERT 100 rows in one statement, the generated keys read back
//	q=update1    UPDATE every column of one row by key
//	q=get1       SELECT one row by key into a struct
//	q=list100    SELECT 100 rows (id > 0 ORDER BY id LIMIT 100) into a []struct
//
// on db=postgres and db=mariadb (SQLFORGE_PG_DSN, SQLFORGE_MYSQL_DSN), each
// in a schema (database) of the run's own. The contenders, each written the
// way its documentation shows:
//
//	impl=sqlforge  expr statements from the mapper (Insert, Update, Select) run
//	               by an engine (pgx pool on PostgreSQL, database/sql on
//	               MariaDB), results scanned with mapper.Into/One/Append
//	impl=pgx       hand-written SQL on a pgxpool (PostgreSQL only): the limit
//	impl=sql       hand-written SQL on database/sql (pgx stdlib, go-sql-driver)
//	impl=session   the ORM Session (unitofwork), one per operation: a
//	               write of one statement is sent without BEGIN and COMMIT;
//	               update1 loads the row first, by Merge; reads are one
//	               statement
//	impl=sqlx      sqlx: hand-written named statements bound from the struct
//	               (NamedExec/NamedQuery, a slice for insert100), Get/Select
//	impl=gorm      GORM with SkipDefaultTransaction (no BEGIN/COMMIT per write)
//	impl=bun       bun's query builders
//
// Every contender sends one statement per operation (the Session two for
// update1, its SELECT and UPDATE) and reads or writes
// the same rows: TestE2EEquivalent counts the statements (a pgx tracer on
// PostgreSQL, the session's status counters on MariaDB, prepares
// included) and compares the rows. On MariaDB the driver interpolates
// arguments (interpolateParams), as bun always does, so no contender
// prepares statements there. Run with:
//
//	go test -run '^$' -bench BenchmarkE2E -benchmem -count 6 -benchtime 200ms . > e2e.txt
//	benchstat -col /impl e2e.txt

// e2eModel is the row of bench_models, the shape the public ORM
// benchmarks use, tagged for every contender.
type e2eModel struct {
	bun.BaseModel `bun:"table:bench_models" db:"-" gorm:"-"`

	ID      int64  `db:"id,pk,autoincrement" gorm:"column:id;primaryKey" bun:"id,pk,autoincrement"`
	Name    string `db:"name" gorm:"column:name" bun:"name,notnull"`
	Title   string `db:"title" gorm:"column:title" bun:"title,notnull"`
	Fax     string `db:"fax" gorm:"column:fax" bun:"fax,notnull"`
	Web     string `db:"web" gorm:"column:web" bun:"web,notnull"`
	Age     int    `db:"age" gorm:"column:age" bun:"age,notnull"`
	Right   bool   `db:"right" gorm:"column:right" bun:"right,notnull"`
	Counter int64  `db:"counter" gorm:"column:counter" bun:"counter,notnull"`
}

// TableName is GORM's table name.
func (e2eModel) TableName() string { return "bench_models" }

const (
	e2eSeedRows = 101 // ids 1..100 are read by list100; 101 is updated by update1
	e2eListRows = 100
	e2eBatch    = 100
	e2eUpdateID = 101
)

// e2eCounter makes every update write a new value: MySQL reports a row
// whose values did not change as not affected, which GORM's Save answers
// with an upsert (a second statement).
var e2eCounter atomic.Int64

func newE2EModel(i int) e2eModel {
	return e2eModel{
		Name:    "Orm Benchmark",
		Title:   "Just a Benchmark for fun",
		Fax:     "99909990",
		Web:     "http://blog.milkpod29.me",
		Age:     100 + i%50,
		Right:   i%2 == 0,
		Counter: 1000 + int64(i),
	}
}

// e2eImpl is one contender. The insert functions set the generated IDs of
// the models they are given (whose IDs are zero).
type e2eImpl struct {
	name string
	// statements is how many statements an operation sends where it is
	// not one (the Session's update1); TestE2EEquivalent checks it.
	statements map[string]int64
	insert1    func(ctx context.Context, m *e2eModel) error
	insert100  func(ctx context.Context, ms []*e2eModel) error
	update1    func(ctx context.Context, m *e2eModel) error
	get1       func(ctx context.Context, id int64) (e2eModel, error)
	list100    func(ctx context.Context) ([]e2eModel, error)
}

// e2eOrder is the order of the contenders in every table.
var e2eOrder = []string{"pgx", "sql", "sqlforge", "session", "sqlx", "bun", "gorm"}

func BenchmarkE2E(b *testing.B) {
	for _, db := range e2eDatabases {
		b.Run("db="+db.name, func(b *testing.B) {
			impls, _ := db.open(b, false)
			benchE2E(b, impls)
		})
	}
}

func benchE2E(b *testing.B, impls []e2eImpl) {
	ctx := context.Background()
	one := newE2EModel(7)
	batch := make([]*e2eModel, e2eBatch)
	for i := range batch {
		m := newE2EModel(i)
		batch[i] = &m
	}
	workloads := []struct {
		name string
		run  func(im e2eImpl) error
	}{
		{"insert1", func(im e2eImpl) error {
			one.ID = 0
			if err := im.insert1(ctx, &one); err != nil {
				return err
			}
			if one.ID == 0 {
				return fmt.Errorf("insert1: no generated key")
			}
			return nil
		}},
		{"insert100", func(im e2eImpl) error {
			for _, m := range batch {
				m.ID = 0
			}
			if err := im.insert100(ctx, batch); err != nil {
				return err
			}
			if batch[e2eBatch-1].ID == 0 {
				return fmt.Errorf("insert100: no generated keys")
			}
			return nil
		}},
		{"update1", func(im e2eImpl) error {
			m := newE2EModel(e2eUpdateID)
			m.ID = e2eUpdateID
			m.Counter = e2eCounter.Add(1)
			return im.update1(ctx, &m)
		}},
		{"get1", func(im e2eImpl) error {
			m, err := im.get1(ctx, 42)
			if err == nil && m.ID != 42 {
				err = fmt.Errorf("get1: got id %d", m.ID)
			}
			return err
		}},
		{"list100", func(im e2eImpl) error {
			ms, err := im.list100(ctx)
			if err == nil && len(ms) != e2eListRows {
				err = fmt.Errorf("list100: got %d rows", len(ms))
			}
			return err
		}},
	}
	for _, w := range workloads {
		b.Run("q="+w.name, func(b *testing.B) {
			for _, im := range impls {
				b.Run("impl="+im.name, func(b *testing.B) {
					if err := w.run(im); err != nil { // warm the connection and statement caches
						b.Fatal(err)
					}
					b.ReportAllocs()
					defer cpuMeter(b)()
					for b.Loop() {
						if err := w.run(im); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// TestE2EEquivalent checks that every contender of BenchmarkE2E writes and
// reads the same rows and sends exactly one statement per operation.
func TestE2EEquivalent(t *testing.T) {
	for _, db := range e2eDatabases {
		t.Run("db="+db.name, func(t *testing.T) {
			impls, check := db.open(t, true)
			ctx := context.Background()
			want, err := check.list(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) != e2eListRows || want[0].ID != 1 || want[0] != withID(newE2EModel(0), 1) {
				t.Fatalf("seed rows: got %d rows, first %+v", len(want), want[0])
			}
			for _, im := range impls {
				t.Run("impl="+im.name, func(t *testing.T) {
					statements := func(what string, f func() error) {
						t.Helper()
						n := check.statements()
						if err := f(); err != nil {
							t.Fatalf("%s: %v", what, err)
						}
						want := int64(1)
						if w, ok := im.statements[what]; ok {
							want = w
						}
						if got := check.statements() - n; n >= 0 && got != want {
							t.Errorf("%s sent %d statements; want %d", what, got, want)
						}
					}

					m := newE2EModel(3)
					statements("insert1", func() error { return im.insert1(ctx, &m) })
					if got, err := check.get(ctx, m.ID); err != nil || m.ID == 0 || got != m {
						t.Errorf("insert1: stored %+v, %v; want %+v", got, err, m)
					}

					ms := make([]*e2eModel, e2eBatch)
					for i := range ms {
						v := newE2EModel(i)
						ms[i] = &v
					}
					statements("insert100", func() error { return im.insert100(ctx, ms) })
					for i, v := range ms {
						if got, err := check.get(ctx, v.ID); err != nil || v.ID == 0 || got != *v {
							t.Fatalf("insert100 row %d: stored %+v, %v; want %+v", i, got, err, *v)
						}
						if i > 0 && v.ID <= ms[i-1].ID {
							t.Fatalf("insert100: keys not increasing: %d after %d", v.ID, ms[i-1].ID)
						}
					}

					u := newE2EModel(e2eUpdateID + 1)
					u.ID = m.ID
					u.Counter = e2eCounter.Add(1)
					statements("update1", func() error { return im.update1(ctx, &u) })
					if got, err := check.get(ctx, u.ID); err != nil || got != u {
						t.Errorf("update1: stored %+v, %v; want %+v", got, err, u)
					}

					var g e2eModel
					statements("get1", func() (err error) { g, err = im.get1(ctx, 42); return err })
					if g != want[41] {
						t.Errorf("get1: got %+v; want %+v", g, want[41])
					}

					var l []e2eModel
					statements("list100", func() (err error) { l, err = im.list100(ctx); return err })
					if len(l) != len(want) {
						t.Fatalf("list100: got %d rows; want %d", len(l), len(want))
					}
					for i := range l {
						if l[i] != want[i] {
							t.Fatalf("list100 row %d: got %+v; want %+v", i, l[i], want[i])
						}
					}
				})
			}
		})
	}
}

func withID(m e2eModel, id int64) e2eModel {
	m.ID = id
	return m
}
