package mapper_test

import (
	"errors"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type Job struct {
	ID    int64     `db:"id,pk,autoincrement"`
	Name  string    `db:"name"`
	Added time.Time `db:"added,serverdefault"`
	Rev   int32     `db:"rev,version"`
}

func jobs() *mapper.Mapping[Job] {
	return mapper.MustMap[Job](mapper.NewRegistry(expr.NewMetaData()), "jobs")
}

func newJobs(n int) []*Job {
	rows := make([]*Job, n)
	for i := range rows {
		rows[i] = &Job{Name: "j", Added: time.Unix(1, 0)}
	}
	return rows
}

// statements counts the batch's statements and the rows of each.
func statements(t *testing.T, b interface {
	NextStatement() (expr.Statement, bool, error)
	BatchResult(int64, int64) error
}, ids ...int64) []int {
	t.Helper()
	var sizes []int
	for i := 0; ; i++ {
		st, _, err := b.NextStatement()
		if err != nil {
			t.Fatal(err)
		}
		if st == nil {
			return sizes
		}
		ins := st.(*expr.InsertStmt).Clauses()
		sizes = append(sizes, ins.NumRows)
		if err := b.BatchResult(ids[i], int64(ins.NumRows)); err != nil {
			t.Fatal(err)
		}
	}
}

// The rows per statement stay under the parameter limit and Size, and
// the statement count PlanBatch reports is the count that follows, each
// INSERT's read-back of the key counted as a statement of its own.
func TestInsertBatchSplit(t *testing.T) {
	for _, tc := range []struct {
		rows, maxParams, size int
		want                  []int
	}{
		{10, 9, 0, []int{3, 3, 3, 1}}, // name, added, rev: 3 values a row
		{10, 100, 4, []int{4, 4, 2}},
		{10, 100, 0, []int{10}},
		{0, 100, 0, nil},
	} {
		b := jobs().InsertBatch(newJobs(tc.rows)).Size(tc.size)
		n, err := b.PlanBatch(tc.maxParams, true, nil)
		got := statements(t, b, make([]int64, 10)...)
		if err != nil || n != 2*len(tc.want) || !equalInts(got, tc.want) {
			t.Errorf("%d rows, limit %d, size %d: %d statements of %v, %v; want %v",
				tc.rows, tc.maxParams, tc.size, n, got, err, tc.want)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Without RETURNING, keys come from LAST_INSERT_ID: spaced by the step in
// one multi-row INSERT, or one statement per row when the step is 0.
func TestInsertBatchLastInsertID(t *testing.T) {
	rows := newJobs(3)
	b := jobs().InsertBatch(rows)
	if _, err := b.PlanBatch(100, false, func() (int64, error) { return 2, nil }); err != nil {
		t.Fatal(err)
	}
	if got := statements(t, b, 11); !equalInts(got, []int{3}) || rows[0].ID != 11 || rows[1].ID != 13 || rows[2].ID != 15 {
		t.Errorf("step 2: statements %v, keys %d %d %d; want [3], 11 13 15", got, rows[0].ID, rows[1].ID, rows[2].ID)
	}
	rows = newJobs(3)
	b = jobs().InsertBatch(rows)
	if _, err := b.PlanBatch(100, false, func() (int64, error) { return 0, nil }); err != nil {
		t.Fatal(err)
	}
	if got := statements(t, b, 7, 9, 20); !equalInts(got, []int{1, 1, 1}) || rows[0].ID != 7 || rows[1].ID != 9 || rows[2].ID != 20 {
		t.Errorf("step 0: statements %v, keys %d %d %d; want [1 1 1], 7 9 20", got, rows[0].ID, rows[1].ID, rows[2].ID)
	}
}

// Without RETURNING a server default cannot be read back unless an
// autoincrement key finds the rows: a *KeysError before any statement; a
// result that does not match the rows is one too.
func TestInsertBatchKeysErrors(t *testing.T) {
	type keyed struct {
		ID    int64     `db:"id,pk"`
		Added time.Time `db:"added,serverdefault"`
	}
	k := mapper.MustMap[keyed](mapper.NewRegistry(expr.NewMetaData()), "keyed")
	_, err := k.InsertBatch([]*keyed{{ID: 1}}).PlanBatch(100, false, func() (int64, error) { return 1, nil })
	var ke *mapper.KeysError
	if !errors.As(err, &ke) || !errors.Is(err, mapper.ErrKeys) {
		t.Errorf("server default without RETURNING or autoincrement key: got %v; want *KeysError", err)
	}
	b := jobs().InsertBatch(newJobs(2))
	b.PlanBatch(100, false, func() (int64, error) { return 1, nil })
	b.NextStatement()
	if err := b.BatchResult(5, 1); !errors.Is(err, mapper.ErrKeys) {
		t.Errorf("1 row affected of 2: got %v; want ErrKeys", err)
	}
	err = mapper.IntoEach(&memRows{cols: []string{"id"}, data: [][]any{{int64(1)}}}, newJobs(2))
	if !errors.Is(err, mapper.ErrKeys) {
		t.Errorf("IntoEach, 1 row for 2: got %v; want ErrKeys", err)
	}
	err = mapper.IntoEach(&memRows{cols: []string{"id"}, data: [][]any{{int64(1)}, {int64(2)}}}, newJobs(1))
	if !errors.Is(err, mapper.ErrKeys) {
		t.Errorf("IntoEach, 2 rows for 1: got %v; want ErrKeys", err)
	}
}

// IntoEach fills each struct from its row and leaves the other fields.
func TestIntoEach(t *testing.T) {
	rows := newJobs(2)
	r := &memRows{cols: []string{"id"}, data: [][]any{{int64(4)}, {int64(5)}}}
	if err := mapper.IntoEach(r, rows); err != nil || rows[0].ID != 4 || rows[1].ID != 5 || rows[1].Name != "j" || !r.closed {
		t.Errorf("got %+v %+v, %v, closed %v", rows[0], rows[1], err, r.closed)
	}
}

// A batch planned again after a failed run clears the keys that run read
// back, so the retry leaves them to the database again instead of
// inserting them as explicit values.
func TestInsertBatchReplan(t *testing.T) {
	rows := newJobs(2)
	b := jobs().InsertBatch(rows)
	step := func() (int64, error) { return 1, nil }
	for run, first := range []int64{10, 20} {
		if _, err := b.PlanBatch(100, false, step); err != nil {
			t.Fatal(err)
		}
		st, _, _ := b.NextStatement()
		for _, c := range st.(*expr.InsertStmt).Clauses().Columns {
			if c.Name == "id" {
				t.Fatalf("run %d writes the key read back before", run)
			}
		}
		if err := b.BatchResult(first, 2); err != nil || rows[0].ID != first || rows[1].ID != first+1 {
			t.Fatalf("run %d: keys %d %d, %v; want %d on", run, rows[0].ID, rows[1].ID, err, first)
		}
	}
}

// Without RETURNING, server defaults are selected by the keys just read
// from LAST_INSERT_ID, after each INSERT, in key order.
func TestInsertBatchFetchByKey(t *testing.T) {
	rows := newJobs(2)
	rows[0].Added, rows[1].Added = time.Time{}, time.Time{}
	b := jobs().InsertBatch(rows)
	if n, err := b.PlanBatch(100, false, func() (int64, error) { return 1, nil }); err != nil || n != 2 {
		t.Fatalf("plan: %d, %v", n, err)
	}
	if _, query, _ := b.NextStatement(); query {
		t.Fatal("the INSERT is a query")
	}
	if err := b.BatchResult(5, 2); err != nil {
		t.Fatal(err)
	}
	st, query, err := b.NextStatement()
	sel, ok := st.(*expr.SelectStmt)
	if err != nil || !query || !ok {
		t.Fatalf("after the INSERT: %T, query %v, %v; want a SELECT", st, query, err)
	}
	t1, t2 := time.Unix(100, 0), time.Unix(200, 0)
	if err := b.BatchRows(&memRows{cols: []string{"added"}, data: [][]any{{t1}, {t2}}}); err != nil {
		t.Fatal(err)
	}
	if rows[0].ID != 5 || rows[1].ID != 6 || !rows[0].Added.Equal(t1) || !rows[1].Added.Equal(t2) {
		t.Errorf("got %+v %+v", rows[0], rows[1])
	}
	if st, _, _ := b.NextStatement(); st != nil {
		t.Errorf("a statement after the SELECT: %v", sel)
	}
}
