package mappertest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type Project struct {
	ID   int64  `db:"id,pk"`
	Name string `db:"name,type=varchar(50)"`
}

type Issue struct {
	ID        int64  `db:"id,pk"`
	ProjectID int64  `db:"project_id,references=projects.id"`
	Title     string `db:"title,type=varchar(50)"`
}

// IssueRow is a join's row: the issue's columns as they are, the
// project's under the prefix mapper.Prefixed gives them.
type IssueRow struct {
	Issue
	Project Project `db:",embed,prefix=project."`
}

// A join selected with mapper.Prefixed scans into nested structs, though
// both tables have id. The prefix ends in a dot: "project_" would make
// the project's id "project_id", the issue's foreign key.
func TestPrefixedJoinScansNested(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *db) {
		meta := expr.NewMetaData()
		reg := mapper.NewRegistry(meta)
		projects := mapper.MustMap[Project](reg, "projects")
		issues := mapper.MustMap[Issue](reg, "issues")
		reg.MustResolve()
		d.create(t, meta)
		ins, _ := projects.Insert(&Project{ID: 1, Name: "core"}, &Project{ID: 2, Name: "docs"})
		d.run(t, ins)
		ins, _ = issues.Insert(&Issue{ID: 10, ProjectID: 2, Title: "typo"}, &Issue{ID: 11, ProjectID: 1, Title: "crash"})
		d.run(t, ins)

		p := projects.Alias("p") // an alias reads the same way
		q := expr.Select(mapper.Prefixed(issues.Table, "")...).
			Columns(mapper.Prefixed(p, "project.")...).
			From(issues.Table).Join(p, p.C("id").Eq(issues.C("project_id"))).
			OrderBy(issues.C("id").Asc())
		got, err := mapper.All[IssueRow](d.rows(t, q))
		if err != nil {
			t.Fatal(err)
		}
		want := []IssueRow{
			{Issue{10, 2, "typo"}, Project{2, "docs"}},
			{Issue{11, 1, "crash"}, Project{1, "core"}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("nested rows (-want +got):\n%s", diff)
		}
	})
}
