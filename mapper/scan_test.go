package mapper_test

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type Item struct {
	ID    int64   `db:"id,pk"`
	Name  string  `db:"name"`
	Price float64 `db:"price"`
	Note  *string `db:"note"`
	Done  bool    `db:"done"`
	At    time.Time
}

var (
	t0       = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	itemCols = []string{"id", "name", "price", "note", "done", "at"}
)

func itemRows(n int) *memRows {
	r := &memRows{cols: itemCols}
	for i := range n {
		var note any
		if i%2 == 1 {
			note = "note " + strconv.Itoa(i)
		}
		r.data = append(r.data, []any{int64(i), "item " + strconv.Itoa(i), float64(i) / 2, note, i%3 == 0, t0.Add(time.Duration(i) * time.Hour)})
	}
	return r
}

func checkItem(t *testing.T, it Item, i int) {
	t.Helper()
	if it.ID != int64(i) || it.Name != "item "+strconv.Itoa(i) || it.Price != float64(i)/2 || it.Done != (i%3 == 0) || !it.At.Equal(t0.Add(time.Duration(i)*time.Hour)) {
		t.Errorf("row %d: got %+v", i, it)
	}
	if (i%2 == 1) != (it.Note != nil) || (it.Note != nil && *it.Note != "note "+strconv.Itoa(i)) {
		t.Errorf("row %d: got note %v", i, it.Note)
	}
}

func TestAllStructs(t *testing.T) {
	rows := itemRows(70)
	items, err := mapper.All[Item](rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 70 || !rows.closed {
		t.Fatalf("got %d items, closed=%v; want 70, true", len(items), rows.closed)
	}
	for i, it := range items {
		checkItem(t, it, i)
	}
}

func TestAllPointers(t *testing.T) {
	items, err := mapper.All[*Item](itemRows(70)) // spans several allocation chunks
	if err != nil {
		t.Fatal(err)
	}
	seen := map[*Item]bool{}
	for i, it := range items {
		if seen[it] {
			t.Fatalf("row %d shares its struct with an earlier row", i)
		}
		seen[it] = true
		checkItem(t, *it, i)
	}
}

func TestAppendKeepsPrefix(t *testing.T) {
	dst := make([]Item, 1, 4)
	dst[0].Name = "kept"
	out, err := mapper.Append(dst, itemRows(3))
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 4 || out[0].Name != "kept" || &out[0] != &dst[0] {
		t.Fatalf("got %d rows (first %q), reallocated=%v", len(out), out[0].Name, &out[0] != &dst[0])
	}
	checkItem(t, out[3], 2)
}

func TestOneAndInto(t *testing.T) {
	it, err := mapper.One[Item](itemRows(3))
	if err != nil {
		t.Fatal(err)
	}
	checkItem(t, it, 0)
	if _, err := mapper.One[Item](itemRows(0)); !errors.Is(err, mapper.ErrNoRows) || !errors.Is(err, sql.ErrNoRows) {
		t.Fatalf("got %v; want ErrNoRows", err)
	}
	// Into fills only the columns the result names.
	dst := Item{Name: "unchanged", Price: 9}
	r := &memRows{cols: []string{"id", "done"}, data: [][]any{{int64(42), true}}}
	if err := mapper.Into(r, &dst); err != nil {
		t.Fatal(err)
	}
	if dst.ID != 42 || !dst.Done || dst.Name != "unchanged" || dst.Price != 9 {
		t.Fatalf("got %+v", dst)
	}
}

func TestMapsAndScalars(t *testing.T) {
	ms, err := mapper.All[map[string]any](itemRows(2))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[1]["name"] != "item 1" || ms[0]["note"] != nil || ms[1]["id"] != int64(1) {
		t.Fatalf("got %v", ms)
	}
	ids, err := mapper.All[int64](&memRows{cols: []string{"id"}, data: [][]any{{int64(1)}, {int64(2)}}})
	if err != nil || fmt.Sprint(ids) != "[1 2]" {
		t.Fatalf("got %v, %v", ids, err)
	}
	names, err := mapper.All[*string](&memRows{cols: []string{"n"}, data: [][]any{{"a"}, {nil}}})
	if err != nil || len(names) != 2 || *names[0] != "a" || names[1] != nil {
		t.Fatalf("got %v, %v", names, err)
	}
	at, err := mapper.One[time.Time](&memRows{cols: []string{"max"}, data: [][]any{{t0}}})
	if err != nil || !at.Equal(t0) {
		t.Fatalf("got %v, %v", at, err)
	}
	_, err = mapper.One[int64](&memRows{cols: []string{"a", "b"}, data: [][]any{{int64(1), int64(2)}}})
	if !errors.Is(err, mapper.ErrMapping) {
		t.Fatalf("two columns into a scalar: got %v; want ErrMapping", err)
	}
	_, err = mapper.One[int64](&memRows{cols: []string{"n"}, data: [][]any{{nil}}})
	var ne *mapper.NullError
	if !errors.As(err, &ne) || ne.Column != "n" {
		t.Fatalf("NULL into int64: got %v; want *NullError for n", err)
	}
}

func TestUnknownColumns(t *testing.T) {
	r := &memRows{cols: []string{"id", "extra"}, data: [][]any{{int64(1), "x"}}}
	_, err := mapper.One[Item](r)
	var ue *mapper.UnknownColumnError
	if !errors.As(err, &ue) || ue.Column != "extra" || ue.Type != "mapper_test.Item" || !errors.Is(err, mapper.ErrUnknownColumn) {
		t.Fatalf("got %v; want *UnknownColumnError for extra", err)
	}
	if !r.closed {
		t.Error("rows not closed after an error")
	}
	r = &memRows{cols: []string{"id", "extra"}, data: [][]any{{int64(1), "x"}}}
	it, err := mapper.One[Item](r, mapper.IgnoreUnknownColumns)
	if err != nil || it.ID != 1 {
		t.Fatalf("got %+v, %v", it, err)
	}
	r = &memRows{cols: []string{"id", "id"}, data: [][]any{{int64(1), int64(2)}}}
	_, err = mapper.One[Item](r, mapper.IgnoreUnknownColumns)
	if !errors.As(err, &ue) || !ue.Duplicate {
		t.Fatalf("got %v; want a duplicate-column error", err)
	}
}

func TestNullIntoNonNullable(t *testing.T) {
	r := itemRows(2)
	r.data[1][1] = nil // name
	items, err := mapper.All[Item](r)
	var ne *mapper.NullError
	if !errors.As(err, &ne) || ne.Column != "name" || ne.Field != "Name" || ne.Type != "mapper_test.Item" || !errors.Is(err, mapper.ErrNull) {
		t.Fatalf("got %v; want *NullError for name", err)
	}
	if len(items) != 1 {
		t.Fatalf("got %d rows before the error; want 1", len(items))
	}
}

func TestColumnNamesFromFieldDescriptions(t *testing.T) {
	items, err := mapper.All[Item](&descRows{*itemRows(3)})
	if err != nil || len(items) != 3 {
		t.Fatalf("got %d, %v", len(items), err)
	}
	checkItem(t, items[2], 2)
	_, err = mapper.All[Item](&nameless{*itemRows(1)})
	if !errors.Is(err, mapper.ErrNoColumns) {
		t.Fatalf("got %v; want ErrNoColumns", err)
	}
}

func TestMaxRows(t *testing.T) {
	if _, err := mapper.All[Item](itemRows(3), mapper.MaxRows(3)); err != nil {
		t.Fatal(err)
	}
	items, err := mapper.All[Item](itemRows(4), mapper.MaxRows(3))
	if !errors.Is(err, mapper.ErrRowLimit) || len(items) != 3 {
		t.Fatalf("got %d rows, %v; want 3, ErrRowLimit", len(items), err)
	}
}

func TestRowsErr(t *testing.T) {
	r := itemRows(1)
	r.err = errors.New("connection lost")
	if _, err := mapper.All[Item](r); err == nil || err.Error() != "connection lost" {
		t.Fatalf("got %v; want the rows' error", err)
	}
}

// Status is an enum type; Cents a user-defined type converted by expr.
type Status string

func (Status) SQLType() expr.Type { return expr.Enum("status", "active", "banned") }

type centsType struct{}

func (centsType) StorageType() expr.Type { return expr.BigInt }
func (centsType) BindValue(v any) (driver.Value, error) {
	return int64(v.(Cents)), nil
}
func (centsType) ResultValue(src any) (any, error) {
	switch s := src.(type) {
	case int64:
		return Cents(s), nil
	case string: // as some drivers return DECIMAL
		n, err := strconv.ParseInt(s, 10, 64)
		return Cents(n), err
	}
	return nil, fmt.Errorf("cents from %T", src)
}

type Cents int64

func (Cents) SQLType() expr.Type { return expr.Decorate(centsType{}) }

type Doc struct {
	Tags []string `json:"tags"`
}

type Special struct {
	ID     int64             `db:"id,pk"`
	Status Status            `db:"status"`
	Price  Cents             `db:"price"`
	Refund *Cents            `db:"refund"`
	Doc    Doc               `db:"doc,json"`
	Meta   map[string]string `db:"meta,json"`
	Count  int32             `db:"count,nullzero"`
	Label  string            `db:"label,nullzero"`
	Opt    sql.NullString    `db:"opt"`
	Gen    sql.Null[int64]   `db:"gen"`
}

func TestHelpers(t *testing.T) {
	cols := []string{"id", "status", "price", "refund", "doc", "meta", "count", "label", "opt", "gen"}
	r := &memRows{cols: cols, data: [][]any{
		{int64(1), "active", int64(250), int64(5), []byte(`{"tags":["a","b"]}`), `{"k":"v"}`, int64(7), "x", "o", int64(3)},
		{int64(2), "banned", "300", nil, `{}`, nil, nil, nil, nil, nil},
	}}
	got, err := mapper.All[Special](r)
	if err != nil {
		t.Fatal(err)
	}
	a, b := got[0], got[1]
	if a.Status != "active" || a.Price != 250 || a.Refund == nil || *a.Refund != 5 || fmt.Sprint(a.Doc.Tags) != "[a b]" ||
		a.Meta["k"] != "v" || a.Count != 7 || a.Label != "x" || a.Opt.String != "o" || a.Gen.V != 3 {
		t.Errorf("row 1: got %+v", a)
	}
	if b.Status != "banned" || b.Price != 300 || b.Refund != nil || b.Doc.Tags != nil || b.Meta != nil ||
		b.Count != 0 || b.Label != "" || b.Opt.Valid || b.Gen.Valid {
		t.Errorf("row 2: got %+v", b)
	}

	bad := &memRows{cols: []string{"doc"}, data: [][]any{{`{"tags":`}}}
	_, err = mapper.All[Special](bad)
	var se *mapper.ScanError
	if !errors.As(err, &se) || se.Column != "doc" || !errors.Is(err, mapper.ErrScan) {
		t.Fatalf("bad JSON: got %v; want *ScanError for doc", err)
	}
	null := &memRows{cols: []string{"price"}, data: [][]any{{nil}}}
	_, err = mapper.All[Special](null)
	var ne *mapper.NullError
	if !errors.As(err, &ne) || ne.Column != "price" || ne.Type != "mapper_test.Special" {
		t.Fatalf("NULL into a user type: got %v; want *NullError", err)
	}
	nullDoc := &memRows{cols: []string{"doc"}, data: [][]any{{nil}}}
	if _, err = mapper.All[Special](nullDoc); !errors.As(err, &ne) || ne.Column != "doc" {
		t.Fatalf("NULL into a JSON struct: got %v; want *NullError", err)
	}
}

// Plans are built from many goroutines at once, for different column
// orders of the same type; every scan must see its own columns right.
func TestConcurrentPlans(t *testing.T) {
	orders := [][]int{{0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}, {1, 0, 3, 2, 5, 4}, {2, 3, 0, 1, 4, 5}}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			order := orders[g%len(orders)]
			src := itemRows(20)
			r := &memRows{cols: make([]string, len(order))}
			for i, o := range order {
				r.cols[i] = src.cols[o]
			}
			for _, row := range src.data {
				out := make([]any, len(order))
				for i, o := range order {
					out[i] = row[o]
				}
				r.data = append(r.data, out)
			}
			var items []*Item
			var err error
			if g%2 == 0 {
				items, err = mapper.All[*Item](r)
			} else {
				var vs []Item
				vs, err = mapper.All[Item](r)
				for i := range vs {
					items = append(items, &vs[i])
				}
			}
			if err != nil {
				errs <- err
				return
			}
			for i, it := range items {
				if it.ID != int64(i) || it.Name != "item "+strconv.Itoa(i) {
					errs <- fmt.Errorf("goroutine %d row %d: got %+v", g, i, *it)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func fmtS(v any) string { return fmt.Sprint(v) }

func TestNullFoundFromRawValues(t *testing.T) {
	src := itemRows(2)
	src.data[1][1] = nil
	_, err := mapper.All[Item](&rawRows{descRows: descRows{*src}})
	var ne *mapper.NullError
	if !errors.As(err, &ne) || ne.Column != "name" {
		t.Fatalf("got %v; want *NullError for name", err)
	}
}

func TestOnePointer(t *testing.T) {
	it, err := mapper.One[*Item](itemRows(2))
	if err != nil || it == nil {
		t.Fatalf("got %v, %v", it, err)
	}
	checkItem(t, *it, 0)
}
