package unitofworktest

import (
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

func TestReviewVersionNotSetOnInsert(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		org := &Org{Name: "A"}
		u := &User{Email: "a@x", Org: org}
		commit(t, d, s, org, u)
		v, err := engine.Scalar[int64](ctx, d.e, expr.Select(sc.Users.Table.C("version")).From(sc.Users.Table))
		must(t, err)
		if v != u.Version || v == 0 {
			t.Errorf("after INSERT: db version %d, object %d; the spec says the version is set on INSERT", v, u.Version)
		}
		u.Score = 5
		must(t, s.Commit(ctx))
		v, _ = engine.Scalar[int64](ctx, d.e, expr.Select(sc.Users.Table.C("version")).From(sc.Users.Table))
		if v != u.Version {
			t.Errorf("after update after INSERT: db version %d, object %d; the spec says the version is set on INSERT", v, u.Version)
		}
	})
}
