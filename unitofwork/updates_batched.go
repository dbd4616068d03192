package unitofwork

import (
	"math/bits"
	"slices"
	"strconv"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// Rows of one table that change the same columns are updated together,
// where the dialect joins an UPDATE to a VALUES list (PostgreSQL, SQLite):
//
//	UPDATE "t" SET "score" = "batch"."score" FROM (VALUES ...) AS "batch" ("id", "score")
//	WHERE "t"."id" = "batch"."id"
//
// one statement for hundreds of rows where each would be a statement of
// its own. Lists come in sizes that are powers of two, so that a table's
// UPDATEs compile to a handful of shapes, not one per row count. Lists
// go before the table's other UPDATEs, so only rows whose order cannot
// matter go in them (see batchable). Versioned rows are not batched:
// each needs its own version checked and bumped. Nor is a row whose key
// changes, or a table whose key has several columns.

// minBatchedRows is the fewest rows of one shape worth a VALUES list.
const minBatchedRows = 4

// updateUnit is one statement of a flush's UPDATEs: the UPDATE of one
// object, or of several through a VALUES list.
type updateUnit struct {
	stmt expr.Statement
	ups  []pendingUpdate
	list bool
}

// planUpdates turns ups into statements: lists for the rows that can
// share one (see above), in the order of each shape's first row, then a
// statement for each of the others, in their order.
func (f *flush) planUpdates(ups []pendingUpdate) ([]updateUnit, error) {
	var units []updateUnit
	listed := make([]bool, len(ups))
	d := f.s.e.Dialect()
	if !f.alone && len(ups) >= minBatchedRows && d.Features().Has(compile.UpdateFromValues) {
		groups := map[string][]int{}
		var order []string
		for i, u := range ups {
			if !batchable(u) {
				continue
			}
			k := shapeKey(u)
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			groups[k] = append(groups[k], i)
		}
		for _, k := range order {
			idx := groups[k]
			perList := d.MaxParams() / (1 + len(ups[idx[0]].cols))
			if perList < minBatchedRows {
				continue // columns too many for a list worth sending
			}
			for len(idx) >= minBatchedRows {
				n := 1 << (bits.Len(uint(min(len(idx), perList))) - 1) // a power of two
				chunk := make([]pendingUpdate, n)
				for j, i := range idx[:n] {
					chunk[j], listed[i] = ups[i], true
				}
				stmt, err := f.listUpdate(chunk)
				if err != nil {
					return nil, err
				}
				units = append(units, updateUnit{stmt: stmt, ups: chunk, list: true})
				idx = idx[n:] // a few left over go one statement each
			}
		}
	}
	for i, u := range ups {
		if listed[i] {
			continue
		}
		stmt, err := f.rowUpdate(u)
		if err != nil {
			return nil, err
		}
		units = append(units, updateUnit{stmt: stmt, ups: ups[i : i+1]})
	}
	return units, nil
}

// batchable reports whether u may go in a VALUES list (see above). A
// list is sent before the table's other UPDATEs and changes its rows all
// at once, so rows whose order matters stay out of lists: those setting
// a column under a unique constraint (one row may give a value up to
// another) or a foreign key to their own table (a child may follow a
// parent's new key).
func batchable(u pendingUpdate) bool {
	m := u.st.m
	if m.Version() >= 0 || len(m.PrimaryKey()) != 1 || keyOf(m, u.st.obj) != u.st.key {
		return false
	}
	t := m.Table()
	for _, i := range u.cols {
		if orderMatters(t, t.Columns[i]) {
			return false
		}
	}
	return true
}

// orderMatters reports whether c is unique — alone, in a constraint or a
// unique index — or refers to its own table.
func orderMatters(t *expr.Table, c *expr.Column) bool {
	if c.Unique || c.PrimaryKey {
		return true
	}
	for _, u := range t.Uniques {
		if slices.Contains(u.Columns, c) {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if ix.Unique && slices.Contains(ix.Columns, c) {
			return true
		}
	}
	for _, fk := range selfForeignKeys(t) {
		if slices.Contains(fk.Columns, c) {
			return true
		}
	}
	return false
}

// shapeKey names u's table and the columns it sets.
func shapeKey(u pendingUpdate) string {
	b := []byte(u.st.m.Table().Name)
	for _, i := range u.cols {
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(i), 10)
	}
	return string(b)
}

// listUpdate is the UPDATE of ups, rows of one table changing the same
// columns, joined to a VALUES list of their keys and new values.
func (f *flush) listUpdate(ups []pendingUpdate) (expr.Statement, error) {
	m := ups[0].st.m
	t, pk, cols := m.Table(), m.PrimaryKey()[0], ups[0].cols
	name := "batch"
	if t.Name == name {
		name = "batch_rows"
	}
	at := append([]int{pk}, cols...) // the struct field of each list column
	listCols := make([]*expr.Column, len(at))
	for j, i := range at {
		listCols[j] = t.Columns[i]
	}
	list := expr.Values(name, listCols...).Grow(len(ups))
	row := make([]any, len(at))
	for _, u := range ups {
		for j, i := range at {
			v, err := m.Value(u.st.obj, i)
			if err != nil {
				return nil, err
			}
			row[j] = v
		}
		list.Row(row...)
	}
	upd := expr.Update(t)
	for _, i := range cols {
		upd.Set(t.Columns[i], list.C(t.Columns[i].Name))
	}
	return upd.From(list).Where(f.s.where(m, t.Columns[pk].Eq(list.C(t.Columns[pk].Name)))...), nil
}

// appliedUnit checks a statement's result and moves its objects on: a
// list that matched fewer rows than it holds is stale data (a row
// deleted, or re-keyed, by someone else).
func (f *flush) appliedUnit(un updateUnit, res engine.Result) error {
	if !un.list {
		return f.applied(un.ups[0], res)
	}
	if res.RowsAffected != int64(len(un.ups)) {
		return &mapper.StaleError{Table: un.ups[0].st.m.Table().Name}
	}
	for _, u := range un.ups {
		if err := f.applied(u, engine.Result{RowsAffected: 1}); err != nil {
			return err
		}
	}
	return nil
}
