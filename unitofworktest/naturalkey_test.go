package unitofworktest

import (
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

type Country struct {
	Code   string  `db:"code,pk,type=varchar(3)"`
	Name   string  `db:"name,type=varchar(50)"`
	Cities []*City `rel:""`
}

type City struct {
	ID          int64  `db:"id,pk,autoincrement"`
	CountryCode string `db:"country_code,type=varchar(3),references=countries.code,onupdate=cascade"`
	Name        string `db:"name,type=varchar(50)"`
}

// Changing a natural primary key updates the row found by its old key,
// and the children's foreign keys follow it.
func TestNaturalKeyChange(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		meta := expr.NewMetaData()
		reg := mapper.NewRegistry(meta)
		mapper.MustMap[Country](reg, "countries")
		cities := mapper.MustMap[City](reg, "cities")
		reg.MustResolve()
		ctx := timeout(t)
		if err := d.e.CreateAll(ctx, meta); err != nil {
			t.Fatal(err)
		}
		s := unitofwork.New(d.e, reg)
		defer s.Close()
		fr := &Country{Code: "FRA", Name: "France", Cities: []*City{{Name: "Paris"}}}
		commit(t, d, s, fr)
		fr.Code = "FR"
		if err := s.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if fr.Cities[0].CountryCode != "FR" {
			t.Errorf("child key: %q", fr.Cities[0].CountryCode)
		}
		if got, err := unitofwork.Get[Country](ctx, s, "FR"); err != nil || got != fr {
			t.Errorf("Get by the new key: %v %v", got, err)
		}
		code, err := engine.Scalar[string](ctx, d.e, expr.Select(cities.C("country_code")).From(cities.Table))
		if err != nil || code != "FR" {
			t.Errorf("row's key: %q %v", code, err)
		}
	})
}
