package mapper_test

import (
	"database/sql/driver"
	"slices"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// refAmount is a comparable struct column that refers to memory the
// program can change in place, the shape of a decimal type's digits.
type refAmount struct{ Units *int64 }

func (a refAmount) Value() (driver.Value, error) {
	if a.Units == nil {
		return nil, nil
	}
	return *a.Units, nil
}

func (a *refAmount) Scan(v any) error {
	if v == nil {
		a.Units = nil
		return nil
	}
	n := v.(int64)
	a.Units = &n
	return nil
}

// refWrapped holds a pointer one struct further down.
type refWrapped struct{ Inner [1]refAmount }

func (w refWrapped) Value() (driver.Value, error) { return w.Inner[0].Value() }
func (w *refWrapped) Scan(v any) error            { return w.Inner[0].Scan(v) }

type refAcct struct {
	ID   int64      `db:"id,pk"`
	Amt  refAmount  `db:"amt,type=bigint"`
	AmtP *refAmount `db:"amt_p,type=bigint"`
	Deep refWrapped `db:"deep,type=bigint"`
}

// A struct column holding a pointer, directly, nested, or behind the
// field's own pointer, is snapshotted deep: a change made in place through
// it is a change, and Restore gives back the value it had.
func TestSnapshotStructColumnWithPointer(t *testing.T) {
	m := mapper.MustMap[refAcct](mapper.NewRegistry(expr.NewMetaData()), "ref_accts").Model()
	i64 := func(n int64) *int64 { return &n }
	obj := &refAcct{ID: 1, Amt: refAmount{i64(5)}, AmtP: &refAmount{i64(6)},
		Deep: refWrapped{[1]refAmount{{i64(7)}}}}
	var s mapper.Snapshot
	if err := m.Snapshot(obj, &s); err != nil {
		t.Fatal(err)
	}
	*obj.Amt.Units, *obj.AmtP.Units, *obj.Deep.Inner[0].Units = 50, 60, 70 // in place
	changed, err := m.Changed(nil, obj, &s)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := columnNames(m, changed), []string{"amt", "amt_p", "deep"}; !slices.Equal(got, want) {
		t.Errorf("Changed = %v; want %v", got, want)
	}
	if err := m.Restore(obj, &s); err != nil {
		t.Fatal(err)
	}
	if a, p, d := *obj.Amt.Units, *obj.AmtP.Units, *obj.Deep.Inner[0].Units; a != 5 || p != 6 || d != 7 {
		t.Errorf("Restore put back %d, %d, %d; want 5, 6, 7", a, p, d)
	}
	*obj.Amt.Units = 8 // the restored value is the object's own, not the snapshot's
	if changed, _ := m.Changed(nil, obj, &s); !slices.Equal(columnNames(m, changed), []string{"amt"}) {
		t.Errorf("after a change to the restored value, Changed = %v; want [amt]", columnNames(m, changed))
	}
}
