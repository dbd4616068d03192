package mapper_test

import (
	"database/sql/driver"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// ownNullID is a nullable key type of the program's own, as uuid.NullUUID
// is: Value is nil when not Valid.
type ownNullID struct {
	ID    int64
	Valid bool
}

func (n ownNullID) Value() (driver.Value, error) {
	if !n.Valid {
		return nil, nil
	}
	return n.ID, nil
}

func (n *ownNullID) Scan(v any) error {
	*n = ownNullID{}
	if v != nil {
		*n = ownNullID{ID: v.(int64), Valid: true}
	}
	return nil
}

// ownNullRef is ownNullID with Value on the pointer.
type ownNullRef struct{ ownNullID }

func (n *ownNullRef) Value() (driver.Value, error) { return n.ownNullID.Value() }

type ownNulls struct {
	ID  int64      `db:"id,pk"`
	Val ownNullID  `db:"val,type=bigint,nullable"`
	Ref ownNullRef `db:"ref,type=bigint,nullable"`
}

// A Valuer of the program's own tagged nullable is NULL where its Value
// is nil, as sql.NullInt64 is.
func TestIsNullOwnValuer(t *testing.T) {
	reg := mapper.NewRegistry(expr.NewMetaData())
	model := mapper.MustMap[ownNulls](reg, "own_nulls").Model()
	reg.MustResolve()
	valid := ownNullID{ID: 0, Valid: true}
	set := &ownNulls{Val: valid, Ref: ownNullRef{valid}}
	for _, field := range []string{"Val", "Ref"} {
		i, ok := model.FieldColumn(field)
		if !ok {
			t.Fatalf("no column for %s", field)
		}
		if !model.IsNull(&ownNulls{}, i) {
			t.Errorf("%s: IsNull of a value whose Value is nil = false", field)
		}
		if model.IsNull(set, i) {
			t.Errorf("%s: IsNull of a Valid value = true", field)
		}
	}
}
