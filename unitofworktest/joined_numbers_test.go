package unitofworktest

import (
	"testing"

	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

type jBox struct {
	ID    int64   `db:"id,pk,autoincrement"`
	Items []*jBit `rel:""`
}

type jBit struct {
	ID    int64   `db:"id,pk,autoincrement"`
	BoxID int64   `db:"box_id,references=j_boxes.id"`
	Ratio float32 `db:"ratio"`
	U16   uint16  `db:"u16"`
	U64   uint64  `db:"u64"`
}

// float32 and unsigned fields of a joined part.
func TestJoinedFloat32Uint(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var boxes *mapper.Mapping[jBox]
		var bits *mapper.Mapping[jBit]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			boxes = mapper.MustMap[jBox](reg, "j_boxes")
			bits = mapper.MustMap[jBit](reg, "j_bits")
		})
		s := openSession(t, d, reg)
		must(t, s.Add(&jBox{Items: []*jBit{{Ratio: 0.5, U16: 65535, U64: 1 << 40}}}))
		must(t, s.Commit(ctx))
		s1 := openSession(t, d, reg)
		plain, err := unitofwork.All[jBit](ctx, s1, bits.Select())
		must(t, err)
		s2 := openSession(t, d, reg)
		got, err := unitofwork.All[jBox](ctx, s2, boxes.Select(), unitofwork.Joined("Items"))
		if err != nil {
			t.Fatalf("%s: plain load %+v; joined load: %v", d.name, *plain[0], err)
		}
		if *got[0].Items[0] != *plain[0] {
			t.Errorf("%s: joined %+v, plain %+v", d.name, *got[0].Items[0], *plain[0])
		}
	})
}
