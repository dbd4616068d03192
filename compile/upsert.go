package compile

import "github.com/sqlforge/sqlforge/expr"

// upsert writes the upsert clause of INSERT: ON CONFLICT (PostgreSQL,
// SQLite), MySQL's own ON DUPLICATE KEY UPDATE, or ON CONFLICT compiled to
// ON DUPLICATE KEY UPDATE where the dialect has only that.
func (s *state) upsert(q *expr.InsertClauses) {
	t := q.Table
	hasConflict := s.flag(q.Conflict != expr.ConflictNone || len(q.ConflictTarget) > 0)
	hasDup := s.flag(len(q.DuplicateKeySets) > 0)
	if hasConflict && hasDup {
		s.invalid("INSERT with both ON CONFLICT and ON DUPLICATE KEY UPDATE")
		return
	}
	if hasDup {
		if !s.need(OnDuplicateKey, "ON DUPLICATE KEY UPDATE") {
			return
		}
		s.kw(" ON DUPLICATE KEY UPDATE ")
		s.assignments(t, q.DuplicateKeySets, false)
		return
	}
	if !hasConflict {
		return
	}
	duplicateKey := !s.c.f.Has(OnConflict) && s.c.f.Has(OnDuplicateKey)
	if !duplicateKey && !s.need(OnConflict, "ON CONFLICT") {
		return
	}
	if !s.conflictClause(q) {
		return
	}
	if duplicateKey {
		s.conflictAsDuplicateKey(q)
		return
	}
	s.kw(" ON CONFLICT")
	if len(q.ConflictTarget) > 0 {
		s.kw(" (")
		for i, c := range q.ConflictTarget {
			if i > 0 {
				s.kw(", ")
			}
			s.ident(c.Name)
		}
		s.kw(")")
	}
	if q.Conflict == expr.ConflictDoNothing {
		s.kw(" DO NOTHING")
		return
	}
	s.kw(" DO UPDATE SET ")
	s.assignments(t, q.ConflictSets, false)
	if s.num(len(q.ConflictWhere)) > 0 {
		s.kw(" WHERE ")
		s.conds(q.ConflictWhere)
	}
}

// conflictClause records the action and target of ON CONFLICT and checks
// them as every dialect needs them; it reports whether they are valid.
func (s *state) conflictClause(q *expr.InsertClauses) bool {
	s.tok(byte(q.Conflict))
	switch q.Conflict {
	case expr.ConflictDoNothing:
		if len(q.ConflictWhere) > 0 {
			// DoUpdateWhere restricts an update there is none of: the
			// WHERE would be dropped.
			s.invalid("ON CONFLICT DO NOTHING with DoUpdateWhere")
			return false
		}
	case expr.ConflictDoUpdate:
		if len(q.ConflictTarget) == 0 {
			s.invalid("ON CONFLICT DO UPDATE needs a conflict target")
			return false
		}
	default:
		s.invalid("ON CONFLICT without DoNothing or DoUpdate")
		return false
	}
	s.num(len(q.ConflictTarget))
	for _, c := range q.ConflictTarget {
		if c == nil || c.Table != q.Table {
			s.invalid("ON CONFLICT column does not belong to the table")
			return false
		}
		s.id(c.ID())
	}
	return true
}

// conflictAsDuplicateKey writes ON CONFLICT as ON DUPLICATE KEY UPDATE, for
// MySQL and MariaDB. They cannot name a conflict target: ON DUPLICATE KEY
// UPDATE acts on a duplicate in any unique key of the table, where ON
// CONFLICT (target) acts on the target's only and fails with a unique
// violation on any other. So a target must be the primary key or a unique
// key in the table's metadata, and no other unique key of the table may be
// able to conflict (see otherKeyWritten): else the statement would update
// or skip a row the target does not name — an INSERT with a new id and a
// taken email, OnConflict(id), would overwrite the email's owner.
//
// DO UPDATE becomes ON DUPLICATE KEY UPDATE with its assignments (Excluded
// is VALUES(col) there); its WHERE has no MySQL form. MySQL and MariaDB
// evaluate the assignments left to right, each seeing the columns the
// ones before it set, where DO UPDATE SET reads the existing row
// throughout: an assignment whose value reads a column of the table that
// an earlier one sets is refused (readsEarlierSet). MySQL's own
// OnDuplicateKeyUpdate keeps MySQL's order, as its user expects.
//
// DO NOTHING becomes an assignment of a column to itself: MySQL counts a
// row whose values do not change as not affected, and every error other
// than the duplicate key still fails the statement (INSERT IGNORE would
// turn NOT NULL, foreign key and conversion errors into warnings).
func (s *state) conflictAsDuplicateKey(q *expr.InsertClauses) {
	t := q.Table
	if len(q.ConflictTarget) > 0 && !isUniqueKey(t, q.ConflictTarget) {
		s.unsupported("an ON CONFLICT target that is not the primary key or a unique key in the table's metadata")
		return
	}
	if q.Conflict == expr.ConflictDoUpdate && len(q.ConflictWhere) > 0 {
		s.unsupported("ON CONFLICT DO UPDATE ... WHERE")
		return
	}
	// Decided on every pass from what the shape records: the table's
	// ID (its keys), the target's IDs, the INSERT's columns and its
	// client-side defaults.
	if len(q.ConflictTarget) > 0 && otherKeyWritten(q) {
		s.unsupported("an ON CONFLICT target when the INSERT writes every column of another unique key " +
			"(ON DUPLICATE KEY UPDATE would act on a duplicate in that key too)")
		return
	}
	if q.Conflict == expr.ConflictDoUpdate {
		// Checked when rendering: the columns the assignments set and
		// read are in the shape (IDs), and the Excluded it skips are
		// recorded as such.
		if s.render {
			if c := readsEarlierSet(t, q.ConflictSets, s.c.maxDepth); c != nil {
				s.unsupported("ON CONFLICT DO UPDATE with an assignment that reads column " + quoteName(c.Name) +
					" after an earlier assignment sets it (ON DUPLICATE KEY UPDATE would read the new value; " +
					"use Excluded, or set the column last)")
				return
			}
		}
		s.kw(" ON DUPLICATE KEY UPDATE ")
		s.assignments(t, q.ConflictSets, false)
		return
	}
	if len(q.Returning) > 0 {
		// MariaDB returns the rows a duplicate key left alone too.
		s.unsupported("RETURNING with ON CONFLICT DO NOTHING")
		return
	}
	c := noopColumn(t, q.ConflictTarget)
	if c == nil {
		s.invalid("INSERT into a table without columns")
		return
	}
	s.id(c.ID())
	s.kw(" ON DUPLICATE KEY UPDATE ")
	s.ident(c.Name)
	// Qualified: in INSERT ... SELECT a bare name may also name a
	// column of the query's tables, which MySQL refuses as ambiguous.
	s.kw(" = ")
	s.qualifier(t)
	s.kw(".")
	s.ident(c.Name)
}

// readsEarlierSet returns a column of t that the value of one of sets
// reads, anywhere in it (subqueries too), after an earlier assignment of
// sets sets it; nil when there is none. Excluded(col) reads the proposed
// row, not the table, and a Text is opaque.
func readsEarlierSet(t *expr.Table, sets []expr.Assignment, maxDepth int) *expr.Column {
	for i := 1; i < len(sets); i++ {
		e, ok := sets[i].Value.(expr.Expr)
		if !ok || e == nil {
			continue
		}
		r := setReads{t: t, set: sets[:i], max: maxDepth}
		r.expr(e)
		if r.found != nil {
			return r.found
		}
	}
	return nil
}

// setReads looks for a column of t that one of set sets.
type setReads struct {
	t     *expr.Table
	set   []expr.Assignment
	found *expr.Column
	depth int
	max   int
}

func (r *setReads) enter() bool {
	r.depth++
	return r.found == nil && r.depth <= r.max
}

func (r *setReads) expr(e expr.Expr) {
	defer func() { r.depth-- }()
	if !r.enter() {
		return
	}
	switch n := e.(type) {
	case *expr.Column:
		if n == nil || n.Table != r.t {
			return
		}
		for _, a := range r.set {
			if a.Column == n {
				r.found = n
				return
			}
		}
		return
	case *expr.ExcludedRef:
		return
	}
	eachChild(e, r.expr, r.query)
}

func (r *setReads) exprs(es []expr.Expr) {
	for _, e := range es {
		if e != nil {
			r.expr(e)
		}
	}
}

func (r *setReads) value(v any) {
	if e, ok := v.(expr.Expr); ok && e != nil {
		r.expr(e)
	}
}

func (r *setReads) query(q expr.Selectable) {
	defer func() { r.depth-- }()
	if !r.enter() {
		return
	}
	switch n := q.(type) {
	case *expr.SelectStmt:
		if n == nil {
			return
		}
		c := n.Clauses()
		r.ctes(c.With)
		r.exprs(c.DistinctOn)
		r.exprs(c.Items)
		for _, f := range c.From {
			r.from(f)
		}
		r.exprs(c.Where)
		r.exprs(c.GroupBy)
		r.exprs(c.Having)
		r.exprs(c.OrderBy)
		r.value(c.Limit)
		r.value(c.Offset)
	case *expr.CompoundSelect:
		if n == nil {
			return
		}
		c := n.Clauses()
		r.ctes(c.With)
		for _, p := range c.Parts {
			r.query(p)
		}
		r.exprs(c.OrderBy)
		r.value(c.Limit)
		r.value(c.Offset)
	}
}

func (r *setReads) ctes(ctes []*expr.CTE) {
	for _, c := range ctes {
		if c != nil && c.Query != nil {
			r.query(c.Query)
		}
	}
}

func (r *setReads) from(f expr.FromItem) {
	defer func() { r.depth-- }()
	if !r.enter() {
		return
	}
	switch n := f.(type) {
	case *expr.Table:
		if n != nil && n.CTE() == nil && n.Query() != nil {
			r.query(n.Query())
		}
	case *expr.JoinExpr:
		if n != nil {
			r.from(n.Left)
			r.from(n.Right)
			if n.On != nil {
				r.expr(n.On)
			}
		}
	}
}

// noopColumn is the column DO NOTHING assigns to itself: the first of the
// conflict target, else of the primary key, else of the table; nil when
// the table has no columns.
func noopColumn(t *expr.Table, target []*expr.Column) *expr.Column {
	switch {
	case len(target) > 0:
		return target[0]
	case len(t.PrimaryKey) > 0:
		return t.PrimaryKey[0]
	case len(t.Columns) > 0:
		return t.Columns[0]
	}
	return nil
}

// isUniqueKey reports whether cols, in any order, are exactly the columns
// of t's primary key, of a unique column, of a UNIQUE constraint or of a
// unique index.
func isUniqueKey(t *expr.Table, cols []*expr.Column) bool {
	if sameColumns(cols, t.PrimaryKey) {
		return true
	}
	if len(cols) == 1 && cols[0].Unique {
		return true
	}
	for _, u := range t.Uniques {
		if sameColumns(cols, u.Columns) {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if ix.Unique && sameColumns(cols, ix.Columns) {
			return true
		}
	}
	return false
}

// otherKeyWritten reports whether the INSERT q writes every column of a
// unique key of its table (primary key, unique column, UNIQUE constraint,
// unique index) that is not its conflict target: a row may then be a
// duplicate in that key, on which ON DUPLICATE KEY UPDATE acts as on the
// target's. A key with a column the INSERT does not write (an
// auto-increment id left out) cannot conflict, nor can a key that holds
// every column of the target: a row that is a duplicate in it is one in
// the target too, the same row.
func otherKeyWritten(q *expr.InsertClauses) bool {
	t := q.Table
	if conflictsBeside(q, t.PrimaryKey) {
		return true
	}
	for _, c := range t.Columns {
		if c != nil && c.Unique && conflictsBeside(q, []*expr.Column{c}) {
			return true
		}
	}
	for _, u := range t.Uniques {
		if u != nil && conflictsBeside(q, u.Columns) {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if ix != nil && ix.Unique && conflictsBeside(q, ix.Columns) {
			return true
		}
	}
	return false
}

// conflictsBeside reports whether key is a key other than q's conflict
// target (nor one that holds all of it) whose columns q all writes.
func conflictsBeside(q *expr.InsertClauses, key []*expr.Column) bool {
	if len(key) == 0 {
		return false
	}
	holdsTarget := true
	for _, c := range q.ConflictTarget {
		if !containsColumn(key, c) {
			holdsTarget = false
			break
		}
	}
	if holdsTarget {
		return false
	}
	for _, c := range key {
		if !insertWrites(q, c) {
			return false
		}
	}
	return true
}

// insertWrites reports whether the INSERT q writes a value for column c,
// as insert does: c is in its column list (all the table's columns when
// it names none, for VALUES and SELECT), or the rows of VALUES fill it
// from c's client-side Default.
func insertWrites(q *expr.InsertClauses, c *expr.Column) bool {
	if len(q.Columns) > 0 {
		if containsColumn(q.Columns, c) {
			return true
		}
	} else if q.NumRows > 0 || q.Select != nil {
		return containsColumn(q.Table.Columns, c)
	}
	return q.NumRows > 0 && q.Select == nil && c.Default != nil
}

// sameColumns reports whether a and b hold the same columns: as many, and
// each of b in a (keys do not repeat a column).
func sameColumns(a, b []*expr.Column) bool {
	if len(a) != len(b) || len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !containsColumn(a, c) {
			return false
		}
	}
	return true
}

// upsertSelectWhere ends the query of INSERT ... SELECT ... ON CONFLICT
// with WHERE true where the dialect needs it: SQLite reads an ON right
// after a FROM clause as a join's ON, so without a WHERE between them the
// upsert is a syntax error (near "DO"). SQLite's documentation gives the
// WHERE as the way out. Only a query whose SQL ends with its FROM clause
// needs it; the others end with a WHERE, GROUP BY, HAVING, ORDER BY or
// LIMIT already, which SQLite parses.
func (s *state) upsertSelectWhere(q expr.InsertClauses) {
	if !s.c.f.Has(UpsertSelectNeedsWhere) {
		return
	}
	upsert := q.Conflict != expr.ConflictNone || len(q.ConflictTarget) > 0
	if s.flag(upsert && endsWithFrom(q.Select)) {
		s.kw(" WHERE true")
	}
}

// endsWithFrom reports whether the SQL of q ends with its FROM clause (or
// with its select list, when it has no FROM): a SELECT without WHERE,
// GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET and locking, or a set
// operation without ORDER BY, LIMIT and OFFSET whose last query is such a
// SELECT. It follows the order in which selectStmt and compound write the
// clauses; a SELECT that is parenthesized in a set operation has one of
// ORDER BY, LIMIT, OFFSET or a lock, so it ends with ")" and gets false.
func endsWithFrom(q expr.Selectable) bool {
	switch n := q.(type) {
	case *expr.SelectStmt:
		if n == nil {
			return false
		}
		c := n.Clauses()
		return len(c.Where) == 0 && len(c.GroupBy) == 0 && len(c.Having) == 0 && len(c.OrderBy) == 0 &&
			c.Limit == nil && c.Offset == nil && c.Lock == nil
	case *expr.CompoundSelect:
		if n == nil {
			return false
		}
		c := n.Clauses()
		if len(c.Parts) == 0 || len(c.OrderBy) > 0 || c.Limit != nil || c.Offset != nil {
			return false
		}
		last, ok := c.Parts[len(c.Parts)-1].(*expr.SelectStmt)
		return ok && endsWithFrom(last)
	}
	return false
}
