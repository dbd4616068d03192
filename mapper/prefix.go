package mapper

import "github.com/sqlforge/sqlforge/expr"

// Prefixed returns t's columns for a select list, each labelled with
// prefix before its name ("project." + "id" = "project.id"). The labels
// are the names a struct field tagged `db:",embed,prefix=project."` reads,
// so a join scans each table into its own nested struct, and two tables
// with an "id" column stay apart. A prefix ending in a dot cannot collide
// with a snake_case column: with "project_", the project's id would be
// "project_id", the foreign key.
//
//	type IssueRow struct {
//		Issue                        // issues' columns, unprefixed
//		Project Project `db:",embed,prefix=project."`
//	}
//	q := expr.Select(mapper.Prefixed(issues.Table, "")...).
//		Columns(mapper.Prefixed(projects.Table, "project.")...).
//		From(issues.Table).Join(projects.Table, projects.C("id").Eq(issues.C("project_id")))
//
// t may be an alias, for a table joined twice. An empty prefix returns
// the columns unlabelled. Behind an outer join the nested struct's fields
// must hold NULL (pointers or sql.Null types), as for any nullable column.
func Prefixed(t *expr.Table, prefix string) []expr.Expr {
	out := make([]expr.Expr, len(t.Columns))
	for i, c := range t.Columns {
		if prefix == "" {
			out[i] = c
		} else {
			out[i] = c.As(prefix + c.Name)
		}
	}
	return out
}
