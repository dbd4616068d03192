package compile

import (
	"database/sql"
	"encoding/binary"
	"slices"
	"strconv"
	"sync/atomic"

	"github.com/sqlforge/sqlforge/expr"
)

// state is one compilation. The same walk serves two passes: the shape pass
// (render false) records the statement's shape and collects arguments; the
// render pass (render true) writes SQL and collects arguments. Every choice
// the walk makes from the statement's data is recorded in the shape, so
// equal shapes always render equal SQL.
type state struct {
	c      *Compiler
	hits   *atomic.Uint64 // the cache's hit counter this state counts into
	render bool
	sql    []byte
	shape  []byte
	args   []any
	base   int // len(args) at the start
	// params is a copy of the caller's named parameters, so that the
	// caller's variadic slice does not escape to the heap.
	params []sql.NamedArg
	err    error
	depth  int
	// aliased counts the columns of aliases and derived tables the shape
	// pass has met, so that inferredFrom knows when it must record tables.
	aliased int
	// unqualified renders columns without their table (SET targets,
	// INSERT column lists, DDL, RETURNING where the dialect requires it).
	unqualified bool
	// countOnly: the render pass that follows a shape pass, which has
	// collected the arguments already. Binds only number their
	// placeholders, and nothing that makes a value (a Default func, a
	// type's conversion) runs twice.
	countOnly bool
	nbind     int // the binds of this pass so far
	// sens holds the positions (0-based, among this pass's binds) of the
	// binds that hold values of sensitive columns (expr.Sensitive).
	sens []int
	// plan is set while Prepare renders: each bind records where its
	// value comes from instead of collecting it.
	plan *[]argSource
}

func (s *state) reset(render bool, args []any, params []sql.NamedArg) {
	s.render = render
	if !render {
		s.shape = s.shape[:0]
	}
	s.args = args
	s.base = len(args)
	s.params = append(s.params[:0], params...)
	s.err = nil
	s.depth = 0
	s.aliased = 0
	s.unqualified = false
	s.countOnly = false
	s.nbind = 0
	s.sens = s.sens[:0]
	s.plan = nil
}

func (s *state) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

func (s *state) unsupported(feature string) {
	s.fail(&UnsupportedError{Dialect: s.c.d.Name(), Feature: feature})
}

func (s *state) invalid(reason string) { s.fail(&InvalidError{Reason: reason}) }

func (s *state) need(f Feature, what string) bool {
	if s.c.f.Has(f) {
		return true
	}
	s.unsupported(what)
	return false
}

// kw writes constant SQL text.
func (s *state) kw(text string) {
	if s.render {
		s.sql = append(s.sql, text...)
	}
}

// tok records a node kind or small number in the shape.
func (s *state) tok(b byte) {
	if !s.render {
		s.shape = append(s.shape, b)
	}
}

// tok2 records two tokens, as two calls of tok would.
func (s *state) tok2(a, b byte) {
	if !s.render {
		s.shape = append(s.shape, a, b)
	}
}

// tokID records a token followed by an ID, as tok and id would.
func (s *state) tokID(t byte, v uint32) {
	if !s.render {
		s.shape = append(s.shape, t, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
	}
}

// flag records a boolean the walk branches on, and returns it.
func (s *state) flag(b bool) bool {
	if !s.render {
		s.shape = append(s.shape, bit(b))
	}
	return b
}

// bit is the shape byte of a boolean: 1 or 0.
func bit(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// num records a count the walk depends on, and returns it.
func (s *state) num(n int) int {
	if !s.render {
		if uint(n) < 0x80 {
			s.shape = append(s.shape, byte(n)) // AppendUvarint's encoding of a small n
		} else {
			s.shape = binary.AppendUvarint(s.shape, uint64(n))
		}
	}
	return n
}

// str records a string that the SQL contains.
func (s *state) str(v string) {
	if !s.render {
		s.shape = binary.AppendUvarint(s.shape, uint64(len(v)))
		s.shape = append(s.shape, v...)
	}
}

func (s *state) id(v uint32) {
	if !s.render {
		s.shape = binary.LittleEndian.AppendUint32(s.shape, v)
	}
}

// ident writes a quoted identifier; its name must already be in the shape.
func (s *state) ident(name string) {
	if !s.render || s.err != nil {
		return
	}
	var err error
	s.sql, err = s.c.d.AppendIdent(s.sql, name)
	if err != nil {
		s.fail(err)
	}
}

// bind adds a parameter value and writes its placeholder.
func (s *state) bind(v any) {
	s.nbind++
	switch {
	case s.plan != nil:
		*s.plan = append(*s.plan, argSource{value: v})
	case !s.countOnly:
		s.args = append(s.args, v)
	}
	if s.render {
		s.sql = s.c.d.AppendPlaceholder(s.sql, s.nbind)
	}
}

// bindFor binds v as a value of column col, applying the column type's
// user-defined conversion.
func (s *state) bindFor(col *expr.Column, v any) {
	if !s.countOnly {
		var err error
		if v, err = columnValue(col, v); err != nil {
			s.fail(err)
			return
		}
	}
	s.bind(v)
	s.markSensitive(col)
}

// sensitive returns a copy of the positions of the sensitive binds, nil
// when there are none.
func (s *state) sensitive() []int {
	if len(s.sens) == 0 {
		return nil
	}
	return slices.Clone(s.sens)
}

// markSensitive records that the last bind holds a value of col (one
// written to it, compared with it, or made from it, as a LIKE pattern or
// an array of its values) when col is sensitive. Which binds are marked
// follows from the shape: a column recorded by its ID has one Sensitive
// mark for life, and a column recorded by name (of an alias, a derived
// table, a VALUES list) records its mark.
func (s *state) markSensitive(col *expr.Column) {
	if col != nil && col.Sensitive {
		s.sens = append(s.sens, s.nbind-1)
	}
}

// columnValue converts v by col's user-defined type, if it has one.
func columnValue(col *expr.Column, v any) (any, error) {
	if col == nil || col.Type.User == nil {
		return v, nil
	}
	dv, err := col.Type.User.BindValue(v)
	if err != nil {
		return nil, &InvalidError{Reason: "value for column " + strconv.Quote(col.Name) + ": " + err.Error()}
	}
	return dv, nil
}

// bindDefault binds the value of col's Default func, called once per row
// and compile (or, for a prepared statement, per execution).
func (s *state) bindDefault(col *expr.Column, fn func() any) {
	switch {
	case s.plan != nil:
		s.bind(nil)
		(*s.plan)[len(*s.plan)-1] = argSource{fn: fn, col: col}
		s.markSensitive(col)
	case s.countOnly:
		s.bind(nil)
		s.markSensitive(col)
	default:
		s.bindFor(col, fn())
	}
}

// param binds the value of a named parameter.
func (s *state) param(name string) { s.paramFor(nil, name) }

// paramFor binds the value of a named parameter, converted by col's user
// type when col is not nil.
func (s *state) paramFor(col *expr.Column, name string) {
	if s.plan != nil {
		s.bind(nil)
		(*s.plan)[len(*s.plan)-1] = argSource{name: name, col: col}
		s.markSensitive(col)
		return
	}
	if s.countOnly {
		s.bind(nil)
		s.markSensitive(col)
		return
	}
	v, ok := lookupParam(s.params, name)
	if !ok {
		s.fail(&MissingParamError{Name: name})
		return
	}
	s.bindFor(col, v)
}

func (s *state) enter() bool {
	s.depth++
	if s.depth > s.c.maxDepth {
		s.fail(&LimitError{What: "expression nesting depth", Limit: s.c.maxDepth, Got: s.depth})
		return false
	}
	return s.err == nil
}

func (s *state) leave() { s.depth-- }

// checkParams enforces the dialect's parameter limit.
func (s *state) checkParams() {
	if n := s.nbind; s.c.maxParams > 0 && n > s.c.maxParams {
		s.fail(&LimitError{What: "number of parameters", Limit: s.c.maxParams, Got: n})
	}
}
