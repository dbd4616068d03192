package expr

import "strconv"

// ValuesList is a list of rows written in the statement, used as a table
// in FROM: SQL's VALUES (SQLAlchemy's values()). Its name and columns
// are its own; its values are bound as parameters, one per value. It
// serves to join many values to a table in one statement, such as
// updating many rows, each to values of its own:
//
//	v := expr.Values("v", users.C("id"), users.C("score")).
//		Row(1, 10).
//		Row(2, 20)
//	expr.Update(users).Set(users.C("score"), v.C("score")).From(v).Where(users.C("id").Eq(v.C("id")))
//	expr.Select(users.C("name"), v.C("score")).From(users).Join(v, v.C("id").Eq(users.C("id")))
//
// Give the list itself (not its Table) to From or Join; C reaches its
// columns, as for a table. It compiles on every dialect with
// compile.ValuesFrom, in the dialect's form (on PostgreSQL, (VALUES
// ($1, $2), ...) AS "v" ("id", "score")); see that feature.
//
// A ValuesList is a plain value, as statements are: a copy made by
// assignment or Clone shares its name and columns, and adding rows to
// one does not change the other. Build one with Values; the zero value
// is not usable.
type ValuesList struct {
	*Table
	rows  rowValues
	nrows int
	bad   string // why the list does not compile; the first problem found
}

// Values starts a VALUES list named name, with the given columns and no
// rows. Each column gives a column of the list its name, type and
// Sensitive mark: make one with Col (other options are ignored), or give
// a table's column, whose name, type and mark are copied — the table's
// column is not changed, a decorated type (Decorate) converts the list's
// values as it converts those inserted into the table, and the values of
// a sensitive column stay out of hooks, logs and error text as they do
// when written to the table. Give every column a type: on PostgreSQL
// the first row's values are cast to the columns' types, from which the
// server types the rest; a value of an Unknown column is left for the
// server to infer (as text).
//
// An empty or duplicate name, a nil column or no column at all makes a
// list that does not compile (compile.ErrInvalid).
func Values(name string, cols ...*Column) *ValuesList {
	t := &Table{Name: name, id: newID(), byName: make(map[string]*Column, len(cols)), values: true}
	v := &ValuesList{Table: t}
	if name == "" {
		v.fail("a VALUES list with an empty name")
	}
	if len(cols) == 0 {
		v.fail("VALUES list " + quoteForError(name) + " has no columns")
	}
	t.Columns = make([]*Column, 0, len(cols))
	for _, c := range cols {
		switch {
		case c == nil:
			v.fail("VALUES list " + quoteForError(name) + " has a nil column")
			continue
		case c.Name == "":
			v.fail("VALUES list " + quoteForError(name) + " has a column with an empty name")
			continue
		case t.byName[c.Name] != nil:
			v.fail("VALUES list " + quoteForError(name) + " has two columns named " + quoteForError(c.Name))
			continue
		}
		nc := &Column{Name: c.Name, Table: t, Type: c.Type, Nullable: true, Sensitive: c.Sensitive, id: newID()}
		nc.init()
		t.Columns = append(t.Columns, nc)
		t.byName[nc.Name] = nc
	}
	v.rows.width = len(t.Columns)
	return v
}

func (v *ValuesList) fail(reason string) {
	if v.bad == "" {
		v.bad = reason
	}
}

// Row adds a row: one value per column, in the columns' order. The values
// are bound as parameters (nil is NULL); an expression is not a value. A
// row with another number of values than the list has columns, or with
// an expression, is left out, and the list does not compile
// (compile.ErrInvalid). Adding rows one at a time costs amortized
// constant time, as append does.
func (v *ValuesList) Row(values ...any) *ValuesList {
	if len(values) != v.rows.width {
		v.fail("VALUES list " + quoteForError(v.Name) + ": row " + strconv.Itoa(v.nrows+1) + " has " +
			strconv.Itoa(len(values)) + " values for " + strconv.Itoa(v.rows.width) + " columns")
		return v
	}
	for _, x := range values {
		if _, ok := x.(Expr); ok {
			v.fail("VALUES list " + quoteForError(v.Name) + ": row " + strconv.Itoa(v.nrows+1) +
				" holds an expression; VALUES rows hold values, bound as parameters")
			return v
		}
	}
	v.rows.add(values, 0)
	v.nrows++
	return v
}

// Rows adds rows, as Row adds each.
func (v *ValuesList) Rows(rows ...[]any) *ValuesList {
	v.Grow(len(rows))
	for _, r := range rows {
		v.Row(r...)
	}
	return v
}

// Grow makes room for n more rows, so that adding them with Row does not
// reallocate: use it when the number of rows is known.
func (v *ValuesList) Grow(n int) *ValuesList {
	v.rows.add(nil, n*v.rows.width)
	return v
}

// Clone returns a copy of v that can be changed without changing v (as a
// copy made by assignment can).
func (v *ValuesList) Clone() *ValuesList {
	n := *v
	return &n
}

// ValuesClauses are the parts of a VALUES list, as Clauses returns them.
// Read Values; do not change it.
type ValuesClauses struct {
	// Table names the list and its columns.
	Table *Table
	// Values holds the rows' values one row after another, RowWidth
	// each (the number of columns); NumRows is the number of rows.
	Values   []any
	RowWidth int
	NumRows  int
	// Invalid says why the list does not compile (a bad column, a row
	// with the wrong number of values); it is empty for a valid list.
	// A list without rows is valid here and refused by the compiler.
	Invalid string
}

// Row returns the values of row i.
func (c *ValuesClauses) Row(i int) []any {
	w := c.RowWidth
	return c.Values[i*w : (i+1)*w : (i+1)*w]
}

// Clauses returns the list's parts.
func (v *ValuesList) Clauses() ValuesClauses {
	return ValuesClauses{Table: v.Table, Values: v.rows.list(), RowWidth: v.rows.width, NumRows: v.nrows, Invalid: v.bad}
}

// IsValues reports whether t is the table of a VALUES list (Values): its
// rows are in the *ValuesList, which is what FROM must be given.
func (t *Table) IsValues() bool { return t.values }
