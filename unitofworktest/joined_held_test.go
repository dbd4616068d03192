package unitofworktest

import (
	"context"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// held objects: unflushed changes kept without PopulateExisting,
// overwritten with it.
func TestJoinedHeldChanges(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		a := &Org{Name: "A", Users: []*User{{Email: "a1@x"}}}
		commit(t, d, s, a)
		fresh := sc.session(d, unitofwork.WithoutAutoflush())
		defer fresh.Close()
		u, err := unitofwork.Get[User](ctx, fresh, a.Users[0].ID)
		must(t, err)
		u.Email = "changed@x"
		orgs, err := unitofwork.All[Org](ctx, fresh, sc.Orgs.Select(), unitofwork.Joined("Users"))
		must(t, err)
		if orgs[0].Users[0] != u || u.Email != "changed@x" {
			t.Errorf("%s: held user overwritten without PopulateExisting: %q", d.name, u.Email)
		}
		_, err = unitofwork.All[Org](ctx, fresh, sc.Orgs.Select(), unitofwork.Joined("Users"), unitofwork.PopulateExisting())
		must(t, err)
		if u.Email != "a1@x" {
			t.Errorf("%s: PopulateExisting through a join left %q", d.name, u.Email)
		}
	})
}

// root criteria with a page and a collection (derived table).
func TestJoinedRootCriteriaPaged(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc, ctx, s := setup(t, d)
		commit(t, d, s, &Org{Name: "A", Users: []*User{{Email: "a1@x"}}}, &Org{Name: "B", Users: []*User{{Email: "b1@x"}}})
		ts := sc.session(d, unitofwork.Criteria[Org](sc.Orgs.C("name").Eq("A")))
		defer ts.Close()
		orgs, err := unitofwork.All[Org](ctx, ts, sc.Orgs.Select().OrderBy(sc.Orgs.C("id").Asc()).Limit(10), unitofwork.Joined("Users"))
		must(t, err)
		if len(orgs) != 1 || orgs[0].Name != "A" {
			t.Errorf("%s: %d orgs; want A only; SQL %q", d.name, len(orgs), d.log.take())
		}
		// OFFSET only
		orgs, err = unitofwork.All[Org](ctx, ts, sc.Orgs.Select().OrderBy(sc.Orgs.C("id").Asc()).Offset(0), unitofwork.Joined("Users"))
		must(t, err)
		if len(orgs) != 1 || orgs[0].Name != "A" {
			t.Errorf("%s: offset: %d orgs; want A only", d.name, len(orgs))
		}
	})
}

type jArticle struct {
	ID     int64     `db:"id,pk,autoincrement"`
	Title  string    `db:"title,type=varchar(50)"`
	Labels []*jLabel `rel:"through=j_article_labels"`
	Notes  []*jNote  `rel:""`
}

type jLabel struct {
	ID        int64      `db:"id,pk,autoincrement"`
	Name      string     `db:"name,type=varchar(50)"`
	DeletedAt *time.Time `db:"deleted_at,softdelete"`
}

type jNote struct {
	ID        int64      `db:"id,pk,autoincrement"`
	ArticleID int64      `db:"article_id,references=j_articles.id"`
	Body      string     `db:"body,type=varchar(50),deferred"`
	DeletedAt *time.Time `db:"deleted_at,softdelete"`
}

// soft-deleted many-to-many and one-to-many targets are left out;
// deferred columns of a joined target are left unloaded.
func TestJoinedSoftDeleteTargets(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		meta := expr.NewMetaData()
		reg := mapper.NewRegistry(meta)
		arts := mapper.MustMap[jArticle](reg, "j_articles")
		mapper.MustMap[jLabel](reg, "j_labels")
		mapper.MustMap[jNote](reg, "j_notes")
		meta.MustTable("j_article_labels",
			expr.Col("article_id", expr.BigInt, expr.PK, expr.References("j_articles.id")),
			expr.Col("label_id", expr.BigInt, expr.PK, expr.References("j_labels.id")))
		reg.MustResolve()
		ctx := timeout(t)
		must(t, d.e.CreateAll(ctx, meta))
		_ = context.Background
		s := openSession(t, d, reg)
		l1, l2 := &jLabel{Name: "l1"}, &jLabel{Name: "l2"}
		n1, n2 := &jNote{Body: "n1"}, &jNote{Body: "n2"}
		a := &jArticle{Title: "a", Labels: []*jLabel{l1, l2}, Notes: []*jNote{n1, n2}}
		must(t, s.Add(a))
		must(t, s.Commit(ctx))
		must(t, s.Delete(l2))
		must(t, s.Delete(n2))
		must(t, s.Commit(ctx))
		d.log.take()

		f := openSession(t, d, reg)
		got, err := unitofwork.All[jArticle](ctx, f, arts.Select(), unitofwork.Joined("Labels"), unitofwork.Joined("Notes"))
		must(t, err)
		if len(got) != 1 || len(got[0].Labels) != 1 || len(got[0].Notes) != 1 {
			t.Fatalf("%s: labels %d notes %d; want 1, 1; SQL %q", d.name, len(got[0].Labels), len(got[0].Notes), d.log.take())
		}
		if got[0].Notes[0].Body != "" {
			t.Errorf("%s: deferred Body loaded by the join: %q", d.name, got[0].Notes[0].Body)
		}
		must(t, unitofwork.Load(ctx, f, got[0].Notes, "Body"))
		if got[0].Notes[0].Body != "n1" {
			t.Errorf("%s: Load of the deferred Body: %q", d.name, got[0].Notes[0].Body)
		}
		// WithDeleted applies to the root only
		g := openSession(t, d, reg)
		got, err = unitofwork.All[jArticle](ctx, g, arts.Select(), unitofwork.Joined("Labels"), unitofwork.WithDeleted())
		must(t, err)
		if len(got[0].Labels) != 1 {
			t.Errorf("%s: WithDeleted root: %d labels", d.name, len(got[0].Labels))
		}
	})
}
