package unitofworktest

import (
	"reflect"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

type Cents int64

type Code string

type jShelf struct {
	Code  string   `db:"code,pk,type=varchar(20)"`
	Books []*jTome `rel:""`
}

type jTome struct {
	ID        uint64         `db:"id,pk"`
	ShelfCode string         `db:"shelf_code,type=varchar(20),references=j_shelves.code"`
	Price     Cents          `db:"price"`
	Tag       Code           `db:"tag,type=varchar(20)"`
	Blob      []byte         `db:"blob"`
	At        time.Time      `db:"at"`
	MaybeAt   *time.Time     `db:"maybe_at"`
	Ratio     float64        `db:"ratio"`
	Small     int8           `db:"small"`
	Flag      bool           `db:"flag"`
	Meta      map[string]any `db:"meta,json"`
	Nick      *string        `db:"nick"`
}

// the values of a joined part equal those of a plain load.
func TestJoinedValueTypes(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		var shelves *mapper.Mapping[jShelf]
		var tomes *mapper.Mapping[jTome]
		reg, ctx := ownTables(t, d, func(reg *mapper.Registry) {
			shelves = mapper.MustMap[jShelf](reg, "j_shelves")
			tomes = mapper.MustMap[jTome](reg, "j_tomes")
		})
		s := openSession(t, d, reg)
		at := time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC)
		sh := &jShelf{Code: "S1", Books: []*jTome{
			{ID: 1, Price: 150, Tag: "x", Blob: []byte("aaaa"), At: at, MaybeAt: &at, Ratio: 0.5, Small: -3, Flag: true, Meta: map[string]any{"k": "v"}, Nick: ptr("n")},
			{ID: 2, Price: 250, Tag: "y", Blob: []byte("bb"), At: at.Add(time.Hour)},
			{ID: 3, Price: 350, Tag: "z", Blob: []byte("cccccc"), At: at.Add(2 * time.Hour)},
		}}
		must(t, s.Add(sh))
		must(t, s.Commit(ctx))

		s1 := openSession(t, d, reg)
		plain, err := unitofwork.All[jTome](ctx, s1, tomes.Select().OrderBy(tomes.C("id").Asc()))
		must(t, err)
		s2 := openSession(t, d, reg)
		got, err := unitofwork.All[jShelf](ctx, s2, shelves.Select(), unitofwork.Joined("Books"))
		must(t, err)
		if len(got) != 1 || len(got[0].Books) != 3 {
			t.Fatalf("%s: %d shelves", d.name, len(got))
		}
		for i, b := range got[0].Books {
			if !reflect.DeepEqual(*b, *plain[i]) {
				t.Errorf("%s: book %d\n joined %+v\n plain  %+v", d.name, i, *b, *plain[i])
			}
		}
		// and uint / string keys found in the identity map
		b, err := unitofwork.Get[jTome](ctx, s2, uint64(2))
		must(t, err)
		if b != got[0].Books[1] {
			t.Errorf("%s: Get of a joined uint-keyed object is another object", d.name)
		}
		sh2, err := unitofwork.Get[jShelf](ctx, s2, "S1")
		must(t, err)
		if sh2 != got[0] {
			t.Errorf("%s: Get of the root is another object", d.name)
		}
	})
}
