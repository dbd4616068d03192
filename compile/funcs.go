package compile

import (
	"strconv"
	"strings"

	"github.com/sqlforge/sqlforge/expr"
)

// validFuncName accepts letters, digits and underscores, with one optional
// schema qualifier: a function name can never carry other SQL.
func validFuncName(name string) bool {
	if name == "" || len(name) > 128 {
		return false
	}
	dots := 0
	start := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '.':
			if start || dots > 0 {
				return false
			}
			dots++
			start = true
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			start = false
		case c >= '0' && c <= '9':
			if start {
				return false
			}
		default:
			return false
		}
	}
	return !start
}

func (s *state) funcCall(fn *expr.FuncCall) {
	f := fn.Clauses()
	s.tok(tFunc)
	// Extract's SQL is the dialect's; a call named "extract" without a
	// field (Extract(0, x)) is refused there rather than written as is.
	if s.flag(f.Extract != 0 || f.Name == "extract") {
		s.extract(f)
		return
	}
	s.str(f.Name)
	// The name is in the shape, and a statement that fails to render is
	// never cached: checking it when rendering is enough.
	if s.render && !validFuncName(f.Name) {
		s.invalid("invalid function name " + quoteName(f.Name))
		return
	}
	name := f.Name
	if name == "char_length" && s.c.f.Has(LengthFunc) {
		name = "length"
	}
	s.kw(name)
	s.kw("(")
	if s.flag(f.Star) {
		s.kw("*")
	} else {
		if s.flag(f.Distinct) {
			s.kw("DISTINCT ")
		}
		if sameTypeArgs(name) {
			s.siblings(f.Args)
		} else {
			s.list(f.Args)
		}
	}
	s.kw(")")
	if s.flag(f.Filter != nil) {
		if s.need(AggregateFilter, "aggregate FILTER") {
			s.kw(" FILTER (WHERE ")
			s.expr(f.Filter)
			s.kw(")")
		}
	}
	if s.flag(f.Window != nil) {
		s.kw(" OVER (")
		s.window(f.Window)
		s.kw(")")
	}
}

func (s *state) window(w *expr.Window) {
	sp := false
	if s.num(len(w.Partition)) > 0 {
		s.kw("PARTITION BY ")
		s.list(w.Partition)
		sp = true
	}
	if s.num(len(w.Order)) > 0 {
		if sp {
			s.kw(" ")
		}
		s.kw("ORDER BY ")
		s.orderBy(w.Order, false)
		sp = true
	}
	if s.flag(w.Frame != nil) {
		if sp {
			s.kw(" ")
		}
		if s.flag(w.Frame.Range) {
			s.kw("RANGE BETWEEN ")
		} else {
			s.kw("ROWS BETWEEN ")
		}
		s.frameBound(w.Frame.Start)
		s.kw(" AND ")
		s.frameBound(w.Frame.End)
	}
}

func (s *state) frameBound(b expr.FrameBound) {
	s.tok(byte(b.Kind))
	switch b.Kind {
	case expr.BoundUnboundedPreceding:
		s.kw("UNBOUNDED PRECEDING")
	case expr.BoundCurrentRow:
		s.kw("CURRENT ROW")
	case expr.BoundUnboundedFollowing:
		s.kw("UNBOUNDED FOLLOWING")
	case expr.BoundPreceding:
		s.frameOffset(b.Offset)
		s.kw(" PRECEDING")
	case expr.BoundFollowing:
		s.frameOffset(b.Offset)
		s.kw(" FOLLOWING")
	default:
		s.invalid("unknown window frame bound")
	}
}

// frameOffset binds a frame offset, or, where the dialect cannot take a
// parameter there, writes it as digits: the one place a value reaches SQL
// text, allowed only for a non-negative Go int, which can only spell digits.
func (s *state) frameOffset(v any) {
	if !s.c.f.Has(FrameOffsetLiteral) {
		s.bind(v)
		return
	}
	n, ok := v.(int)
	if !ok || n < 0 {
		s.invalid("window frame offset must be a non-negative int on " + s.c.d.Name())
		return
	}
	s.num(n)
	if s.render {
		s.sql = strconv.AppendInt(s.sql, int64(n), 10)
	}
}

// sameTypeArgs reports the functions whose arguments and result share one
// type: a value among their arguments takes a typed argument's type
// (coalesce(jsonb_col, '{}') must not cast '{}' to TEXT).
func sameTypeArgs(name string) bool {
	switch len(name) { // most calls (count, sum, lower) end here
	case len("least"):
		return strings.EqualFold(name, "least")
	case len("nullif"):
		return strings.EqualFold(name, "nullif")
	case len("coalesce"): // and "greatest"
		return strings.EqualFold(name, "coalesce") || strings.EqualFold(name, "greatest")
	}
	return false
}

// siblings writes the arguments of a sameTypeArgs function.
func (s *state) siblings(args []expr.Expr) {
	s.num(len(args))
	typed := firstTyped(args...)
	for i, a := range args {
		if i > 0 {
			s.kw(", ")
		}
		s.sibling(typed, a)
	}
}
