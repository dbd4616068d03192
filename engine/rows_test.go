package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

// failingRows returns n rows of one int64 column, then fails with err.
type failingRows struct {
	n   int
	err error
}

func (r *failingRows) Columns() ([]string, error) { return []string{"x"}, nil }
func (r *failingRows) Next() bool                 { r.n--; return r.n >= 0 }
func (r *failingRows) Scan(dest ...any) error     { *dest[0].(*int64) = 1; return nil }
func (r *failingRows) Err() error                 { return r.err }
func (r *failingRows) Close() error               { return nil }

// rowsSource answers every query with failingRows.
type rowsSource struct {
	memSource
	n   int
	err error
}

func (s rowsSource) Query(context.Context, string, []any) (SourceRows, error) {
	return &failingRows{n: s.n, err: s.err}, nil
}

// An error that ends the rows after some were read reaches the caller of
// All, Iter and One, not only the hooks.
func TestRowsErrorReachesCaller(t *testing.T) {
	errMid := errors.New("mem: failed at row 2")
	e, err := New(rowsSource{n: 1, err: errMid}, fakeDialect{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	stmt := expr.Text("SELECT x FROM t")
	if v, err := All(ctx, e, stmt, ScanValue[int64]); !errors.Is(err, errMid) {
		t.Errorf("All = %v, %v; want the error that ended the rows", v, err)
	}
	n := 0
	var iterErr error
	for _, err := range Iter(ctx, e, stmt, ScanValue[int64]) {
		if err != nil {
			iterErr = err
			break
		}
		n++
	}
	if n != 1 || !errors.Is(iterErr, errMid) {
		t.Errorf("Iter gave %d rows and %v; want 1 row and the error that ended them", n, iterErr)
	}
	if _, err := One(ctx, e, stmt, ScanValue[int64]); !errors.Is(err, errMid) {
		t.Errorf("One = %v; want the error that ended the rows", err)
	}
}
