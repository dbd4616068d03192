package mapper_test

import (
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type jAuthor struct {
	ID   int64  `db:"id,pk"`
	Name string `db:"name"`
}

type jBook struct {
	ID       int64   `db:"id,pk"`
	AuthorID int64   `db:"author_id"`
	Title    string  `db:"title"`
	Subtitle *string `db:"subtitle"`
	Cover    []byte  `db:"cover"`
}

func joinedModels(t *testing.T) (*mapper.Model, *mapper.Model) {
	t.Helper()
	reg := mapper.NewRegistry(expr.NewMetaData())
	a := mapper.MustMap[jAuthor](reg, "authors").Model()
	b := mapper.MustMap[jBook](reg, "books").Model()
	return a, b
}

func allColumns(m *mapper.Model) []int {
	out := make([]int, len(m.Table().Columns))
	for i := range out {
		out[i] = i
	}
	return out
}

// A joined row is scanned into one struct per part: an outer part whose
// key is NULL is absent whatever its fields can hold, a present one gets
// its values — a pointer field a new pointer, a []byte its own array —
// and objects copied out share nothing with the next row.
func TestJoinedScanner(t *testing.T) {
	am, bm := joinedModels(t)
	js := mapper.NewJoinedScanner([]mapper.JoinedPart{
		{Model: am, Columns: allColumns(am)},
		{Model: bm, Columns: allColumns(bm)},
	})
	rows := &memRows{data: [][]any{
		{int64(1), "Ann", int64(10), int64(1), "Go", "in practice", []byte("png1")},
		{int64(1), "Ann", int64(11), int64(1), "SQL", nil, []byte("png2")},
		{int64(2), "Bob", nil, nil, nil, nil, nil},
	}}
	var books []*jBook
	var present []bool
	for rows.Next() {
		if err := js.Scan(rows); err != nil {
			t.Fatal(err)
		}
		if a := js.Current(0).(*jAuthor); a.ID == 0 || a.Name == "" {
			t.Errorf("author part %+v", a)
		}
		present = append(present, js.Present(1))
		if js.Present(1) {
			books = append(books, js.New(1).(*jBook))
		}
	}
	if len(present) != 3 || !present[0] || !present[1] || present[2] {
		t.Fatalf("present %v; want true, true, false", present)
	}
	if books[0].Title != "Go" || books[0].Subtitle == nil || *books[0].Subtitle != "in practice" || string(books[0].Cover) != "png1" {
		t.Errorf("first book %+v", books[0])
	}
	if books[1].Title != "SQL" || books[1].Subtitle != nil || string(books[1].Cover) != "png2" {
		t.Errorf("second book %+v", books[1])
	}
}

// NULL in a NOT NULL field of a part that is present is a NullError, as
// for any scan: absence is told by the key alone.
func TestJoinedScannerNullInPresentPart(t *testing.T) {
	am, bm := joinedModels(t)
	js := mapper.NewJoinedScanner([]mapper.JoinedPart{
		{Model: am, Columns: allColumns(am)},
		{Model: bm, Columns: allColumns(bm)},
	})
	rows := &memRows{data: [][]any{{int64(1), "Ann", int64(10), int64(1), nil, nil, nil}}}
	rows.Next()
	var ne *mapper.NullError
	if err := js.Scan(rows); !errors.As(err, &ne) || ne.Field != "Title" {
		t.Errorf("got %v; want a NullError for Title", err)
	}
}

// New hands out structs from blocks: each keeps its own row's values,
// across block boundaries.
func TestJoinedScannerNewBlocks(t *testing.T) {
	am, bm := joinedModels(t)
	js := mapper.NewJoinedScanner([]mapper.JoinedPart{
		{Model: am, Columns: allColumns(am)},
		{Model: bm, Columns: allColumns(bm)},
	})
	rows := &memRows{}
	for i := range 100 {
		rows.data = append(rows.data, []any{int64(1), "Ann", int64(i + 1), int64(1), "t", nil, nil})
	}
	var books []*jBook
	for rows.Next() {
		if err := js.Scan(rows); err != nil {
			t.Fatal(err)
		}
		books = append(books, js.New(1).(*jBook))
	}
	for i, b := range books {
		if b.ID != int64(i+1) {
			t.Fatalf("book %d holds ID %d", i, b.ID)
		}
	}
}
