package mapper_test

import (
	"database/sql"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type reviewTimes struct {
	ID    int64        `db:"id,pk,autoincrement"`
	At    sql.NullTime `db:"at"`
	AtP   *time.Time   `db:"at_p"`
	Plain time.Time    `db:"plain"`
}

// time.Time and *time.Time compare by instant (Equal), but sql.NullTime
// compares with reflect's Equal, so the same instant in another location
// (or with a monotonic reading) is a change: setting the field to its
// current value emits an UPDATE.
func TestReviewNullTimeSameInstantChanged(t *testing.T) {
	reg := mapper.NewRegistry(expr.NewMetaData())
	m := mapper.MustMap[reviewTimes](reg, "review_times").Model()
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	obj := &reviewTimes{At: sql.NullTime{Time: now, Valid: true}, AtP: &now, Plain: now}
	var s mapper.Snapshot
	if err := m.Snapshot(obj, &s); err != nil {
		t.Fatal(err)
	}
	local := now.In(time.FixedZone("X", 3600))
	obj.Plain, obj.AtP = local, &local
	obj.At = sql.NullTime{Time: local, Valid: true}
	changed, err := m.Changed(nil, obj, &s)
	if err != nil {
		t.Fatal(err)
	}
	if len(changed) != 0 {
		t.Errorf("columns %v reported changed for the same instants (time.Time and *time.Time are not; sql.NullTime is)", changed)
	}
}
