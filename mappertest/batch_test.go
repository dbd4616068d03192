package mappertest

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

var _ engine.Batch = (*mapper.InsertBatch[Ticket])(nil)

type Ticket struct {
	ID      int64     `db:"id,pk,autoincrement"`
	Title   string    `db:"title,type=varchar(40),unique"`
	Created time.Time `db:"created,serverdefault"`
	Rev     int64     `db:"rev,version"`
}

// tickets maps Ticket and creates its table.
func tickets(t *testing.T, e *engine.Engine) *mapper.Mapping[Ticket] {
	meta := expr.NewMetaData()
	m := mapper.MustMap[Ticket](mapper.NewRegistry(meta), "tickets",
		mapper.ColumnOptions("created", expr.ServerDefault("CURRENT_TIMESTAMP")))
	createAll(t, e, meta)
	return m
}

func newTickets(n int, withTime bool) []*Ticket {
	rows := make([]*Ticket, n)
	for i := range rows {
		rows[i] = &Ticket{Title: "t" + strconv.Itoa(i), Rev: 1}
		if withTime {
			rows[i].Created = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	return rows
}

// checkKeys checks that every struct got a distinct key, and that the
// key is the one its row has in the database: the read-back is in order.
func checkKeys(t *testing.T, e *engine.Engine, m *mapper.Mapping[Ticket], rows []*Ticket) {
	t.Helper()
	ctx := context.Background()
	got, err := engine.All(ctx, e, expr.Select(m.C("id"), m.C("title")).From(m.Table),
		func(r *engine.Rows) (Ticket, error) {
			var tk Ticket
			return tk, r.Scan(&tk.ID, &tk.Title)
		})
	if err != nil {
		t.Fatal(err)
	}
	title := make(map[int64]string, len(got))
	for _, tk := range got {
		title[tk.ID] = tk.Title
	}
	if len(got) != len(rows) {
		t.Fatalf("%d rows in the table; want %d", len(got), len(rows))
	}
	for i, r := range rows {
		if title[r.ID] != r.Title {
			t.Fatalf("row %d: key %d is %q in the table; want %q", i, r.ID, title[r.ID], r.Title)
		}
	}
}

// Every struct of a batch gets its generated key and its server default
// (without RETURNING, selected by key after each INSERT); the statements
// split at Size, in one transaction.
func TestInsertBatchReadsBack(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		m := tickets(t, e)
		rows := newTickets(1000, false)
		if err := engine.RunBatch(context.Background(), e, m.InsertBatch(rows).Size(300)); err != nil {
			t.Fatal(err)
		}
		checkKeys(t, e, m, rows)
		for i, r := range rows {
			if r.Created.IsZero() {
				t.Fatalf("row %d: server default not read back: %+v", i, r)
			}
		}
	})
}

// A batch over the database's parameter limit is split under it: 33,000
// rows of three values (title, created, rev) is more than any of them
// takes in one statement.
func TestInsertBatchSplitsAtParamLimit(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		m := tickets(t, e)
		rows := newTickets(33000, true)
		if err := engine.RunBatch(context.Background(), e, m.InsertBatch(rows)); err != nil {
			t.Fatal(err)
		}
		checkKeys(t, e, m, rows)
	})
}

// A statement that fails rolls back the statements before it: a failed
// batch writes nothing.
func TestInsertBatchAllOrNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		m := tickets(t, e)
		rows := newTickets(10, false)
		rows[9].Title = rows[0].Title // unique violation in the last statement
		err := engine.RunBatch(context.Background(), e, m.InsertBatch(rows).Size(3))
		if !errors.Is(err, engine.ErrUniqueViolation) {
			t.Fatalf("got %v; want a unique violation", err)
		}
		n, err := engine.Scalar[int64](context.Background(), e, expr.Select(expr.CountAll()).From(m.Table))
		if err != nil || n != 0 {
			t.Fatalf("after the failed batch: %d rows, %v; want 0", n, err)
		}
	})
}

// Every expr type goes in through InsertBatch and comes back unchanged,
// on every database and through the MySQL 8 path too.
func TestInsertBatchRoundTrip(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		meta := expr.NewMetaData()
		kinds := mapper.MustMap[Kinds](mapper.NewRegistry(meta), "kinds")
		createAll(t, e, meta)
		want := kindsRows()
		ctx := context.Background()
		if err := engine.RunBatch(ctx, e, kinds.InsertBatch(want)); err != nil {
			t.Fatal(err)
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

// Inside a transaction every batch runs in a savepoint: its failure
// undoes its own rows and leaves the transaction's earlier work to
// commit — a batch of one statement (Size 0) as well as of several,
// where PostgreSQL would otherwise abort the whole transaction.
func TestInsertBatchInTx(t *testing.T) {
	for _, size := range []int{3, 0} {
		t.Run("size"+strconv.Itoa(size), func(t *testing.T) {
			forEachEngine(t, func(t *testing.T, e *engine.Engine) {
				ctx := context.Background()
				m := tickets(t, e)
				tx, err := e.Begin(ctx, engine.TxOptions{})
				if err != nil {
					t.Fatal(err)
				}
				defer tx.Rollback(ctx)
				first := newTickets(1, false)
				if err := engine.RunBatch(ctx, tx, m.InsertBatch(first)); err != nil {
					t.Fatal(err)
				}
				rows := newTickets(10, false)
				rows[9].Title = "t0" // the unique title of first: fails the last statement
				if err := engine.RunBatch(ctx, tx, m.InsertBatch(rows).Size(size)); !errors.Is(err, engine.ErrUniqueViolation) {
					t.Fatalf("got %v; want a unique violation", err)
				}
				if err := tx.Commit(ctx); err != nil {
					t.Fatal(err)
				}
				checkKeys(t, e, m, first)
			})
		})
	}
}

type Gadget struct {
	ID    int64  `db:"id,pk,autoincrement"`
	Name  string `db:"name,type=varchar(40)"`
	Extra int64  `db:"extra,serverdefault"`
}

// A read-back that fails after its INSERT wrote (NULL for a field that
// cannot hold it) rolls the INSERT back, even in a batch of one INSERT:
// a failed batch writes nothing, and running it again writes nothing
// twice.
func TestInsertBatchReadBackFailureWritesNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		ctx := context.Background()
		meta := expr.NewMetaData()
		m := mapper.MustMap[Gadget](mapper.NewRegistry(meta), "gadgets",
			mapper.ColumnOptions("extra", expr.ServerDefault("NULL")))
		m.C("extra").Nullable = true // extra INTEGER DEFAULT NULL
		createAll(t, e, meta)
		rows := []*Gadget{{Name: "a"}, {Name: "b"}, {Name: "c"}}
		b := m.InsertBatch(rows)
		for try := 1; try <= 2; try++ {
			if err := engine.RunBatch(ctx, e, b); !errors.Is(err, mapper.ErrNull) {
				t.Fatalf("try %d: got %v; want ErrNull", try, err)
			}
			n, err := engine.Scalar[int64](ctx, e, expr.Select(expr.CountAll()).From(m.Table))
			if err != nil || n != 0 {
				t.Fatalf("try %d: %d rows, %v after the failed batch; want 0", try, n, err)
			}
		}
	})
}

// cancelAfterFirst cancels a context once the first statement of its
// batch has been read: the batch fails at its next statement.
type cancelAfterFirst struct {
	*mapper.InsertBatch[Ticket]
	cancel context.CancelFunc
}

func (c cancelAfterFirst) BatchRows(rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}) error {
	defer c.cancel()
	return c.InsertBatch.BatchRows(rows)
}

func (c cancelAfterFirst) BatchResult(lastInsertID, rowsAffected int64) error {
	defer c.cancel()
	return c.InsertBatch.BatchResult(lastInsertID, rowsAffected)
}

// A batch failed by its cancelled context still rolls its savepoint
// back: the rows of its first statement do not stay in the enclosing
// transaction, which commits without them.
func TestInsertBatchCancelledInTx(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		bg := context.Background()
		m := tickets(t, e)
		tx, err := e.Begin(bg, engine.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(bg)
		ctx, cancel := context.WithCancel(bg)
		defer cancel()
		b := cancelAfterFirst{m.InsertBatch(newTickets(10, false)).Size(3), cancel}
		if err := engine.RunBatch(ctx, tx, b); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v; want context.Canceled", err)
		}
		if err := tx.Commit(bg); err != nil {
			t.Fatal(err)
		}
		n, err := engine.Scalar[int64](bg, e, expr.Select(expr.CountAll()).From(m.Table))
		if err != nil || n != 0 {
			t.Fatalf("after the cancelled batch: %d rows, %v; want 0", n, err)
		}
	})
}

// A failed batch clears the keys and defaults it read back before it
// failed, so that a new batch over the same structs — the retry inside
// RunInTx's function — inserts them afresh, with new keys.
func TestInsertBatchRetryWithNewBatch(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		ctx := context.Background()
		m := tickets(t, e)
		first := newTickets(1, false)
		first[0].Title = "taken"
		if err := engine.RunBatch(ctx, e, m.InsertBatch(first)); err != nil {
			t.Fatal(err)
		}
		rows := newTickets(10, false)
		rows[9].Title = "taken" // fails the last statement
		attempt := 0
		err := e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
			attempt++
			return engine.RunBatch(ctx, tx, m.InsertBatch(rows).Size(3))
		})
		if !errors.Is(err, engine.ErrUniqueViolation) || attempt != 1 {
			t.Fatalf("got %v after %d attempts; want a unique violation", err, attempt)
		}
		for i, r := range rows {
			if r.ID != 0 || !r.Created.IsZero() {
				t.Fatalf("row %d keeps what the failed batch read back: %+v", i, r)
			}
		}
		rows[9].Title = "t9"
		err = e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
			return engine.RunBatch(ctx, tx, m.InsertBatch(rows).Size(3))
		})
		if err != nil {
			t.Fatal(err)
		}
		checkKeys(t, e, m, append(first, rows...))
	})
}

// RunBatchAutocommit sends a batch of one INSERT that reads back through
// RETURNING without a transaction and reads its keys back; a batch of
// more statements, or one whose read-back is a statement of its own (the
// MySQL 8 path), is refused before anything runs.
func TestRunBatchAutocommit(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		ctx := context.Background()
		m := tickets(t, e)
		count := func() int64 {
			n, err := engine.Scalar[int64](ctx, e, expr.Select(expr.CountAll()).From(m.Table))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		rows := newTickets(3, false)
		err := e.RunBatchAutocommit(ctx, m.InsertBatch(rows))
		if !e.Dialect().Features().Has(compile.ReturningInsert) {
			if !errors.Is(err, engine.ErrBatchNotSingle) || count() != 0 {
				t.Fatalf("without RETURNING: %v, %d rows; want ErrBatchNotSingle and none", err, count())
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		checkKeys(t, e, m, rows)
		more := newTickets(2, false)
		for i, r := range more {
			r.Title = "more" + strconv.Itoa(i)
		}
		err = e.RunBatchAutocommit(ctx, m.InsertBatch(more).Size(1))
		if !errors.Is(err, engine.ErrBatchNotSingle) || count() != 3 || more[0].ID != 0 {
			t.Fatalf("two INSERTs: %v, %d rows, key %d; want ErrBatchNotSingle, 3 rows, no key", err, count(), more[0].ID)
		}
	})
}
