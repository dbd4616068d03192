package mappertest

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/sqlforge/sqlforge/compile/compiletest"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

var _ engine.ArrayBatch = (*mapper.InsertBatch[Ticket])(nil)

// Plain holds every field kind that InsertBatch sends as an array on
// PostgreSQL, each with and without NULL.
type Plain struct {
	ID      int64             `db:"id,pk,autoincrement"`
	Small   int16             `db:"small"`
	Int     int32             `db:"int"`
	Big     int64             `db:"big"`
	Go      int               `db:"go,type=integer"`
	Float   float32           `db:"float"`
	Double  float64           `db:"double"`
	Text    string            `db:"text"`
	Varchar string            `db:"varchar,type=varchar(50)"`
	Bool    bool              `db:"bool"`
	Date    time.Time         `db:"date,type=date"`
	Stamp   time.Time         `db:"stamp,type=timestamp"`
	StampTZ time.Time         `db:"stamp_tz"`
	Bytes   []byte            `db:"bytes"`
	NText   *string           `db:"n_text"`
	NBig    *int64            `db:"n_big"`
	NInt    sql.NullInt64     `db:"n_int"`
	NInt32  sql.NullInt32     `db:"n_int32"`
	NFloat  sql.Null[float64] `db:"n_float"`
	NBool   sql.NullBool      `db:"n_bool"`
	NTime   *time.Time        `db:"n_time"`
	NStr    sql.NullString    `db:"n_str"`
	Zero    int32             `db:"zero,nullzero"`
	ZeroS   string            `db:"zero_s,nullzero"`
}

func plainRows() []*Plain {
	return []*Plain{{
		Small: -32768, Int: 2147483647, Big: -9223372036854775808, Go: -5,
		Float: 1.5, Double: 1234.5678, Text: "naïve ☃ text, 'quoted' \"too\" {a,b} NULL", Varchar: "v",
		Bool: true, Date: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), Stamp: stamp,
		StampTZ: time.Date(2024, 7, 1, 9, 30, 0, 654321000, ist), Bytes: []byte{0, 1, 2, 0xfe, 0xff},
		NText: ptr("set"), NBig: ptr(int64(-1)), NInt: sql.NullInt64{Int64: 7, Valid: true},
		NInt32: sql.NullInt32{Int32: -7, Valid: true}, NFloat: sql.Null[float64]{V: -0.25, Valid: true},
		NBool: sql.NullBool{Bool: false, Valid: true}, NTime: ptr(stamp), NStr: sql.NullString{String: "", Valid: true},
		Zero: 3, ZeroS: "z",
	}, {
		Text: "", Date: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		Stamp: time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC), StampTZ: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
	}, {
		Text: "NULL", Varchar: "third", Bytes: []byte{}, NText: ptr(""), Date: time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC),
		Stamp: stamp, StampTZ: stamp,
	}}
}

// sqlLog records the text of every statement an engine runs.
type sqlLog struct {
	mu  sync.Mutex
	sql []string
}

func (l *sqlLog) BeforeQuery(ctx context.Context, ev *engine.QueryEvent) context.Context {
	l.mu.Lock()
	l.sql = append(l.sql, ev.SQL)
	l.mu.Unlock()
	return ctx
}

func (l *sqlLog) AfterQuery(context.Context, *engine.QueryEvent) {}

// inserts returns the INSERTs logged so far and forgets them.
func (l *sqlLog) inserts() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, q := range l.sql {
		if strings.HasPrefix(q, "INSERT") {
			out = append(out, q)
		}
	}
	l.sql = nil
	return out
}

// forEachLoggedEngine runs f on SQLite and on PostgreSQL through
// database/sql and natively on pgx, each engine logging its SQL to log.
func forEachLoggedEngine(t *testing.T, f func(t *testing.T, e *engine.Engine, log *sqlLog)) {
	for _, open := range []struct {
		name string
		open func(t *testing.T, opt engine.Option) *engine.Engine
	}{
		{"sqlite", func(t *testing.T, opt engine.Option) *engine.Engine {
			e, err := sqlitedialect.Open(context.Background(), "file:"+compiletest.UniqueName("a")+"?mode=memory&cache=shared", opt)
			return must(t, e, err)
		}},
		{"postgres", func(t *testing.T, opt engine.Option) *engine.Engine {
			e, err := engine.New(engine.SQLDB(stdlib.OpenDB(*pgSchema(t))), pgdialect.New(), opt)
			return must(t, e, err)
		}},
		{"pgx", func(t *testing.T, opt engine.Option) *engine.Engine {
			conn, err := pgx.ConnectConfig(context.Background(), pgSchema(t))
			if err != nil {
				t.Fatal(err)
			}
			e, err := engine.New(pgdialect.Conn(conn), pgdialect.New(), opt)
			return must(t, e, err)
		}},
	} {
		t.Run(open.name, func(t *testing.T) {
			t.Parallel()
			log := &sqlLog{}
			e := open.open(t, engine.WithHooks(log))
			t.Cleanup(func() { e.Close() })
			f(t, e, log)
		})
	}
}

// On PostgreSQL InsertBatch sends the rows as one array per column, and
// every field kind it sends so — NULL or not — is stored as the same
// rows inserted through VALUES (Mapping.Insert) are, and reads back
// unchanged; the keys land on their structs. SQLite keeps VALUES.
func TestInsertBatchArrays(t *testing.T) {
	forEachLoggedEngine(t, func(t *testing.T, e *engine.Engine, log *sqlLog) {
		ctx := context.Background()
		meta := expr.NewMetaData()
		m := mapper.MustMap[Plain](mapper.NewRegistry(meta), "plain")
		createAll(t, e, meta)
		batch := plainRows()
		if err := engine.RunBatch(ctx, e, m.InsertBatch(batch)); err != nil {
			t.Fatal(err)
		}
		ins := log.inserts()
		arrays := e.Dialect().Name() == "postgres"
		if len(ins) != 1 || strings.Contains(ins[0], "unnest(") != arrays {
			t.Fatalf("INSERTs %q; want one, with unnest: %v", ins, arrays)
		}
		st, err := m.Insert(plainRows()...)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Exec(ctx, st); err != nil {
			t.Fatal(err)
		}
		got, err := engine.All(ctx, e, m.Select().OrderBy(m.C("id").Asc()), mapper.Row[Plain])
		if err != nil {
			t.Fatal(err)
		}
		n := len(batch)
		if len(got) != 2*n {
			t.Fatalf("%d rows; want %d", len(got), 2*n)
		}
		for i, b := range batch {
			if got[i].ID != b.ID {
				t.Fatalf("row %d: key %d read back; the table has %d", i, b.ID, got[i].ID)
			}
		}
		if diff := cmp.Diff(derefAll(batch), got[:n], cmpOpts); diff != "" {
			t.Errorf("read back (-batch +table):\n%s", diff)
		}
		for i := range n {
			got[n+i].ID = got[i].ID
		}
		if diff := cmp.Diff(got[:n], got[n:], cmpOpts); diff != "" {
			t.Errorf("arrays and VALUES store other rows (-arrays +VALUES):\n%s", diff)
		}
	})
}

// A table with a column that cannot go as an array (JSON, a Valuer and a
// named type of its own, a decorated type: see Kinds) uses VALUES on
// PostgreSQL too, and splits as before: Size 1 is one INSERT per row.
func TestInsertBatchArraysFallBack(t *testing.T) {
	forEachLoggedEngine(t, func(t *testing.T, e *engine.Engine, log *sqlLog) {
		ctx := context.Background()
		meta := expr.NewMetaData()
		kinds := mapper.MustMap[Kinds](mapper.NewRegistry(meta), "kinds")
		createAll(t, e, meta)
		want := kindsRows()
		if err := engine.RunBatch(ctx, e, kinds.InsertBatch(want).Size(1)); err != nil {
			t.Fatal(err)
		}
		ins := log.inserts()
		if len(ins) != len(want) {
			t.Fatalf("%d INSERTs; want %d", len(ins), len(want))
		}
		for _, q := range ins {
			if strings.Contains(q, "unnest(") {
				t.Fatalf("INSERT with arrays: %s", q)
			}
		}
		got, err := engine.All(ctx, e, kinds.Select().OrderBy(kinds.C("id").Asc()), mapper.Row[Kinds])
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(derefAll(want), got, cmpOpts); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	})
}

// One row a statement goes as VALUES everywhere: arrays of one element
// cost more to encode than the values and save the server nothing.
func TestInsertBatchOneRowUsesValues(t *testing.T) {
	forEachLoggedEngine(t, func(t *testing.T, e *engine.Engine, log *sqlLog) {
		meta := expr.NewMetaData()
		m := mapper.MustMap[Plain](mapper.NewRegistry(meta), "plain")
		createAll(t, e, meta)
		one := plainRows()[:1]
		if err := engine.RunBatch(context.Background(), e, m.InsertBatch(one)); err != nil {
			t.Fatal(err)
		}
		if ins := log.inserts(); len(ins) != 1 || strings.Contains(ins[0], "unnest(") {
			t.Fatalf("INSERTs %q; want one, with VALUES", ins)
		}
		if one[0].ID == 0 {
			t.Error("the key was not read back")
		}
		// And a plan of one row a statement.
		three := plainRows()
		if err := engine.RunBatch(context.Background(), e, m.InsertBatch(three).Size(1)); err != nil {
			t.Fatal(err)
		}
		for _, ins := range log.inserts() {
			if strings.Contains(ins, "unnest(") {
				t.Fatalf("a one-row statement with unnest: %q", ins)
			}
		}
	})
}
