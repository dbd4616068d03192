package compile

import (
	"database/sql"

	"github.com/sqlforge/sqlforge/expr"
)

// Prepared is a statement compiled once: its SQL text and a plan of where
// each argument comes from — a value of the statement, a named parameter
// (expr.Param, or ":name" in a Text) or a column's Default func. Executing
// it only collects the call's values: no walk, no cache lookup, and no
// allocation beyond the arguments slice. Use it for statements built once
// and run many times; Compile remains the way to run statements built per
// call.
//
// A Prepared is immutable and safe for concurrent use. It does not see
// later changes to the statement it was made from.
type Prepared struct {
	sql  string
	plan []argSource
	sens []int // positions of the arguments of sensitive columns
}

// argSource is where one argument of a Prepared comes from.
type argSource struct {
	value any          // a value of the statement, converted by its column's type
	name  string       // a named parameter, when set
	fn    func() any   // a column's Default func, when set
	col   *expr.Column // the column whose user type converts fn's or the parameter's value
}

// Prepare compiles stmt once, bypassing the cache. Values in the statement
// become constant arguments; named parameters are left to each Args call.
func (c *Compiler) Prepare(stmt expr.Statement) (p *Prepared, err error) {
	s := c.states.Get().(*state)
	defer c.finish(s, &err)
	s.reset(true, nil, nil)
	s.sql = s.sql[:0]
	var plan []argSource
	s.plan = &plan
	s.statement(stmt)
	s.plan = nil
	if s.err != nil {
		return nil, s.err
	}
	p = &Prepared{sql: string(s.sql), plan: plan, sens: s.sensitive()}
	if cap(s.sql) > 64<<10 {
		s.sql = make([]byte, 0, 256) // do not pin huge buffers in the pool
	}
	return p, nil
}

// SQL returns the statement's SQL text.
func (p *Prepared) SQL() string { return p.sql }

// NumArgs returns the number of arguments each execution binds.
func (p *Prepared) NumArgs() int { return len(p.plan) }

// Sensitive returns the positions, among the arguments Args appends, of
// those that hold values of sensitive columns (see
// Compiler.CompileSensitive); nil when there are none. Do not change it.
func (p *Prepared) Sensitive() []int { return p.sens }

// Args appends the statement's arguments for one execution to dst, taking
// named parameters from params. A parameter with no value is a
// *MissingParamError. With room in dst, Args does not allocate.
func (p *Prepared) Args(dst []any, params ...sql.NamedArg) ([]any, error) {
	base := len(dst)
	for i := range p.plan {
		a := &p.plan[i]
		switch {
		case a.name != "":
			v, ok := lookupParam(params, a.name)
			if !ok {
				return dst[:base], &MissingParamError{Name: a.name}
			}
			v, err := columnValue(a.col, v)
			if err != nil {
				return dst[:base], err
			}
			dst = append(dst, v)
		case a.fn != nil:
			v, err := columnValue(a.col, a.fn())
			if err != nil {
				return dst[:base], err
			}
			dst = append(dst, v)
		default:
			dst = append(dst, a.value)
		}
	}
	return dst, nil
}

func lookupParam(params []sql.NamedArg, name string) (any, bool) {
	for i := range params {
		if params[i].Name == name {
			return params[i].Value, true
		}
	}
	return nil, false
}
