package mapper_test

import (
	"database/sql/driver"
	"fmt"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// hiddenAmount keeps its digits behind unexported fields, as big.Int-based
// decimal types do, and changes them in place.
type hiddenAmount struct {
	units *int64
	tags  map[string]int
	any   any       // holds a *int64
	at    time.Time // compared by instant, its location shared
}

func (a hiddenAmount) Value() (driver.Value, error) {
	if a.units == nil {
		return nil, nil
	}
	return *a.units, nil
}

func (a *hiddenAmount) Scan(v any) error {
	if v == nil {
		*a = hiddenAmount{}
		return nil
	}
	n := v.(int64)
	*a = hiddenAmount{units: &n}
	return nil
}

func newHidden(n int64) hiddenAmount {
	m := n
	return hiddenAmount{units: &n, tags: map[string]int{"n": int(n)}, any: &m, at: time.Unix(n, 0).In(time.Local)}
}

func (a hiddenAmount) String() string {
	return fmt.Sprint(*a.units, a.tags, *a.any.(*int64), a.at.Unix())
}

type hiddenAcct struct {
	ID  int64        `db:"id,pk"`
	Amt hiddenAmount `db:"amt,type=bigint"`
}

// A change made in place through an unexported pointer, map or interface
// of a column's value is a change, and Restore puts back the value the
// snapshot saw, sharing no memory with it.
func TestSnapshotUnexportedReferences(t *testing.T) {
	m := mapper.MustMap[hiddenAcct](mapper.NewRegistry(expr.NewMetaData()), "hidden_accts").Model()
	for name, change := range map[string]func(*hiddenAmount){
		"pointer":   func(a *hiddenAmount) { *a.units += 45 },
		"map":       func(a *hiddenAmount) { a.tags["n"] = 50 },
		"interface": func(a *hiddenAmount) { *a.any.(*int64) = 50 },
	} {
		obj := &hiddenAcct{ID: 1, Amt: newHidden(5)}
		want := obj.Amt.String()
		var s mapper.Snapshot
		if err := m.Snapshot(obj, &s); err != nil {
			t.Fatal(err)
		}
		if changed, err := m.Changed(nil, obj, &s); err != nil || len(changed) != 0 {
			t.Fatalf("%s: Changed = %v, %v before any change", name, changed, err)
		}
		change(&obj.Amt)
		changed, err := m.Changed(nil, obj, &s)
		if err != nil {
			t.Fatal(err)
		}
		if len(changed) != 1 {
			t.Errorf("%s: Changed = %v after a change in place; want the amt column", name, changed)
		}
		if err := m.Restore(obj, &s); err != nil {
			t.Fatal(err)
		}
		if got := obj.Amt.String(); got != want {
			t.Errorf("%s: Restore put back %s; want %s", name, got, want)
		}
		change(&obj.Amt) // the restored value is the object's own
		if changed, _ := m.Changed(nil, obj, &s); len(changed) != 1 {
			t.Errorf("%s: a change to the restored value reached the snapshot", name)
		}
	}
}
