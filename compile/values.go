package compile

import (
	"strconv"

	"github.com/sqlforge/sqlforge/expr"
)

// VALUES lists in FROM (expr.Values).
//
// A VALUES list is a derived table whose columns need the list's names.
// The standard form gives them in the derived table's column list; the
// dialects without one name them in a SELECT. By feature:
//
//	none (the standard form; PostgreSQL):
//	  (VALUES (CAST($1 AS BIGINT), CAST($2 AS TEXT)), ($3, $4)) AS "v" ("id", "name")
//	ValuesNumberedColumns (SQLite, whose VALUES names its columns column1, column2...):
//	  (SELECT "column1" AS "id", "column2" AS "name" FROM (VALUES (?, ?), (?, ?))) AS "v"
//	ValuesAsUnion (MySQL, MariaDB):
//	  (SELECT ? AS `id`, ? AS `name` UNION ALL SELECT ?, ?) AS `v`
//
// The union is what VALUES means, written without it: MariaDB's VALUES
// names a column after its first row's value (every placeholder is "?"),
// and it types placeholders in VALUES when it prepares the statement,
// before their values are known, so that it returns a string value as ""
// or refuses it as too long; a SELECT's placeholders take the types of
// their values. MySQL 8 gets the same form, one for the two flavours (its
// own VALUES needs ROW(...) rows and names columns column_0, column_1...).
//
// Every value is bound. On a dialect with CastBinds the first row's
// values are cast to their columns' types, loosened as uncutType says so
// that a value too long for a VARCHAR fails where it is assigned rather
// than being cut; the server types the values of the other rows from the
// first, as it types the members of a UNION. A column of Unknown type
// gets no cast.
//
// The shape records the list by its name, its columns' names, kinds
// (which decide the casts) and Sensitive marks (which decide the
// sensitive arguments) and its number of rows — never by its ID: a
// list is usually built anew for each statement (an ORM's flush), and
// equal lists must find the same cache entry. The FROM linter, likewise,
// knows it by its name.

// valuesList writes a VALUES list as a FROM item.
func (s *state) valuesList(v *expr.ValuesList) {
	q := v.Clauses()
	s.tok(tValues)
	if q.Invalid != "" {
		s.invalid(q.Invalid)
		return
	}
	if !s.need(ValuesFrom, "VALUES in FROM") {
		return
	}
	name, cols := q.Table.Name, q.Table.Columns
	if q.NumRows == 0 {
		s.invalid("VALUES list " + quoteName(name) + " has no rows")
		return
	}
	s.str(name)
	s.num(len(cols))
	for _, c := range cols {
		s.str(c.Name)
		s.tok2(byte(c.Type.Kind), bit(c.Sensitive))
	}
	s.num(q.NumRows)
	s.kw("(")
	switch {
	case s.c.f.Has(ValuesAsUnion):
		s.valuesRows(&q, "SELECT ", "", " UNION ALL ", true)
	case s.c.f.Has(ValuesNumberedColumns):
		s.kw("SELECT ")
		for j, c := range cols {
			if j > 0 {
				s.kw(", ")
			}
			s.numberedColumn(j)
			s.kw(" AS ")
			s.ident(c.Name)
		}
		s.kw(" FROM (VALUES ")
		s.valuesRows(&q, "(", ")", ", ", false)
		s.kw(")")
	default:
		s.kw("VALUES ")
		s.valuesRows(&q, "(", ")", ", ", false)
	}
	s.kw(") AS ")
	s.ident(name)
	if s.c.f.Has(ValuesAsUnion) || s.c.f.Has(ValuesNumberedColumns) {
		return // named in the SELECT
	}
	s.kw(" (")
	for j, c := range cols {
		if j > 0 {
			s.kw(", ")
		}
		s.ident(c.Name)
	}
	s.kw(")")
}

// valuesRows writes the rows of q, each between open and close, with sep
// between them: "(", ")" and ", " for VALUES, "SELECT ", "" and
// " UNION ALL " for a union. With named, the first row's values are
// labelled with their columns' names, as a union's first SELECT names them.
func (s *state) valuesRows(q *expr.ValuesClauses, open, close, sep string, named bool) {
	cols := q.Table.Columns
	for i := range q.NumRows {
		if i > 0 {
			s.kw(sep)
		}
		s.kw(open)
		for j, x := range q.Row(i) {
			if j > 0 {
				s.kw(", ")
			}
			s.valuesItem(cols[j], x, i == 0)
			if named && i == 0 {
				s.kw(" AS ")
				s.ident(cols[j].Name)
			}
		}
		s.kw(close)
	}
}

// valuesItem binds x, a value of column c (converted by c's user type),
// cast to c's type when it is in the first row and the dialect casts
// binds.
func (s *state) valuesItem(c *expr.Column, x any, first bool) {
	if !first || c.Type.Kind == expr.Unknown || !s.c.f.Has(CastBinds) {
		s.bindFor(c, x)
		return
	}
	s.kw("CAST(")
	s.bindFor(c, x)
	s.kw(" AS ")
	if s.render && s.err == nil {
		var err error
		if s.sql, err = s.c.d.AppendType(s.sql, uncutType(c.Type), TypeCast); err != nil {
			s.fail(err)
		}
	}
	s.kw(")")
}

// numberedColumn writes the name VALUES gives its column j (0-based) on
// a dialect with ValuesNumberedColumns: "column1" for the first.
func (s *state) numberedColumn(j int) {
	if !s.render {
		return // the number of columns is in the shape
	}
	var buf [24]byte
	s.ident(string(strconv.AppendInt(append(buf[:0], "column"...), int64(j+1), 10)))
}
