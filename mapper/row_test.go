package mapper_test

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// stateRows gives memRows the per-result slot of a RowSource, as
// *engine.Rows has.
type stateRows struct {
	*memRows
	state any
}

func (r *stateRows) ScanState() *any { return &r.state }

// rowsOf reads every row of r with Row, the way the engine's All does.
func rowsOf[T any](r *stateRows) ([]T, error) {
	var out []T
	for r.Next() {
		v, err := mapper.Row[T](r)
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

func TestRowStructs(t *testing.T) {
	r := &stateRows{memRows: itemRows(5)}
	items, err := rowsOf[Item](r)
	if err != nil || len(items) != 5 {
		t.Fatalf("got %d items, %v; want 5", len(items), err)
	}
	for i, it := range items {
		checkItem(t, it, i) // rows do not share the scanned value's pointers
	}
	if r.closed {
		t.Error("Row closed the rows")
	}
}

func TestRowShapes(t *testing.T) {
	ptrs, err := rowsOf[*Item](&stateRows{memRows: itemRows(40)})
	if err != nil || len(ptrs) != 40 || ptrs[0] == ptrs[1] {
		t.Fatalf("got %d pointers, %v", len(ptrs), err)
	}
	for i, p := range ptrs {
		checkItem(t, *p, i)
	}
	names, err := rowsOf[string](&stateRows{memRows: &memRows{cols: []string{"name"}, data: [][]any{{"a"}, {"b"}}}})
	if err != nil || len(names) != 2 || names[0] != "a" || names[1] != "b" {
		t.Fatalf("scalars: got %q, %v", names, err)
	}
	maps, err := rowsOf[map[string]any](&stateRows{memRows: itemRows(2)})
	if err != nil || len(maps) != 2 || maps[1]["name"] != "item 1" {
		t.Fatalf("maps: got %v, %v", maps, err)
	}
}

// Every row starts from the zero T, as One's does: a row does not reuse
// the previous row's pointers, even with a driver that scans into a
// non-nil pointer in place.
func TestRowStartsFromZero(t *testing.T) {
	r := &stateRows{memRows: itemRows(3)}
	r.data[0][3] = "first"
	items, err := rowsOf[Item](r)
	if err != nil {
		t.Fatal(err)
	}
	if items[0].Note == nil || *items[0].Note != "first" || items[0].Note == items[1].Note || items[2].Note != nil {
		t.Fatalf("notes: %v %v %v", items[0].Note, items[1].Note, items[2].Note)
	}
}

func TestRowErrors(t *testing.T) {
	r := &stateRows{memRows: itemRows(3)}
	r.data[1][1] = nil
	items, err := rowsOf[Item](r)
	var ne *mapper.NullError
	if !errors.As(err, &ne) || ne.Field != "Name" || ne.Type != "mapper_test.Item" || len(items) != 1 {
		t.Fatalf("got %d rows, %v; want 1 and a *NullError for Name", len(items), err)
	}
	type short struct {
		ID int64 `db:"id"`
	}
	_, err = rowsOf[short](&stateRows{memRows: itemRows(1)})
	if !errors.Is(err, mapper.ErrUnknownColumn) {
		t.Fatalf("got %v; want ErrUnknownColumn", err)
	}
}

// Two types read from one result each keep a plan that fits them.
func TestRowTypeChange(t *testing.T) {
	r := &stateRows{memRows: &memRows{cols: []string{"name"}, data: [][]any{{"a"}, {"b"}}}}
	r.Next()
	if s, err := mapper.Row[string](r); err != nil || s != "a" {
		t.Fatalf("got %q, %v", s, err)
	}
	r.Next()
	if b, err := mapper.Row[[]byte](r); err != nil || string(b) != "b" {
		t.Fatalf("got %q, %v", b, err)
	}
}

// sliceRows has ScanSlice, as *engine.Rows has.
type sliceRows struct {
	stateRows
	slices int
}

func (r *sliceRows) ScanSlice(dest []any) error { r.slices++; return r.memRows.Scan(dest...) }

// Row scans through ScanSlice where the rows have it: the cursor's
// destinations need no copy.
func TestRowUsesScanSlice(t *testing.T) {
	r := &sliceRows{stateRows: stateRows{memRows: itemRows(3)}}
	for i := 0; r.Next(); i++ {
		it, err := mapper.Row[Item](r)
		if err != nil {
			t.Fatal(err)
		}
		checkItem(t, it, i)
	}
	if r.slices != 3 {
		t.Errorf("ScanSlice called %d times; want 3", r.slices)
	}
}

// Model.Row over more rows than a block holds: every row its own struct,
// with its own values (the first alone, the rest from blocks).
func TestModelRowBlocks(t *testing.T) {
	reg := mapper.NewRegistry(expr.NewMetaData())
	m := mapper.MustMap[Item](reg, "items").Model()
	r := &stateRows{memRows: itemRows(70)}
	var got []*Item
	for r.Next() {
		obj, err := m.Row(r)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, obj.(*Item))
	}
	seen := map[*Item]bool{}
	for i, it := range got {
		if seen[it] {
			t.Fatalf("row %d: a struct handed out twice", i)
		}
		seen[it] = true
		checkItem(t, *it, i)
	}
}
