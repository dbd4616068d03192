package sqlsink

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// sinkMethods are the methods that take SQL text, by the import path and
// name of the type that declares them. The SQL argument is the method's
// last string parameter before its bound arguments (sqlParam).
var sinkMethods = map[string]map[string][]string{
	"database/sql": {
		"DB":   queryMethods,
		"Tx":   queryMethods,
		"Conn": queryMethods,
	},
	// pool.DB, pool.Tx and pool.Conn are aliases of these.
	"github.com/sqlforge/sqlforge/pool/sqlpool": {
		"DB":   queryMethods,
		"Tx":   queryMethods,
		"Conn": queryMethods,
	},
	"github.com/jackc/pgx/v5": {
		"Conn":  pgxMethods,
		"Tx":    pgxMethods, // an interface: every transaction type
		"Batch": {"Queue"},  // the text SendBatch sends
	},
	"github.com/jackc/pgx/v5/pgxpool": {
		"Pool": pgxMethods,
		"Conn": pgxMethods,
		"Tx":   pgxMethods,
	},
	"github.com/jackc/pgx/v5/pgconn": {
		"PgConn": {"Exec", "ExecParams", "Prepare"},
	},
}

var (
	queryMethods = []string{"Query", "QueryContext", "QueryRow", "QueryRowContext", "Exec", "ExecContext", "Prepare", "PrepareContext"}
	pgxMethods   = []string{"Query", "QueryRow", "Exec", "Prepare"}
)

// unsafeRawPath and unsafeRawName name sqlforge's escape hatch. The
// unsaferaw analyzer reports its calls; this one only learns from them
// which functions pass their argument to it.
const (
	unsafeRawPath = "github.com/sqlforge/sqlforge/expr"
	unsafeRawName = "UnsafeRawSQL"
)

// sink is a function or method that takes SQL text.
type sink struct {
	name string // as reports show it: (*sql.DB).Query
	arg  int    // index of the SQL argument in the call's Args
	// via is the sink a wrapper passes its argument on to, or "".
	via string
	// quiet: the analyzer does not report calls of it (unsaferaw does).
	quiet bool
}

// sinksOf returns the sinks a call calls: a method or function that
// takes SQL, or a wrapper that passes arguments on to one.
func (t *tracer) sinksOf(c *ssa.CallCommon) []sink {
	var fn *types.Func
	var callee *ssa.Function
	if c.IsInvoke() {
		fn = c.Method
	} else if callee = c.StaticCallee(); callee != nil {
		if o := callee.Origin(); o != nil {
			callee = o
		}
		fn, _ = callee.Object().(*types.Func)
	}
	if fn == nil || fn.Pkg() == nil || !isSink(fn) {
		if callee != nil {
			return t.wrapperSinks(callee, c)
		}
		return nil
	}
	sig := fn.Type().(*types.Signature)
	idx := sqlParam(sig)
	if callee != nil {
		// A method's receiver is the call's first argument (also for a
		// method expression's thunk), not for a bound method value.
		if callee.Signature.Recv() != nil {
			idx++
		}
		idx += callee.Signature.Params().Len() - sig.Params().Len()
	}
	if idx < 0 || idx >= len(c.Args) {
		return nil
	}
	return []sink{{name: funcName(fn), arg: idx, quiet: sig.Recv() == nil}}
}

// isSink reports whether fn takes SQL text: a method of sinkMethods, a
// method shaped like database/sql's of a type not in sinkMethods, or
// expr.UnsafeRawSQL.
func isSink(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	if sqlParam(sig) < 0 {
		return false
	}
	if sig.Recv() == nil {
		return fn.Pkg().Path() == unsafeRawPath && fn.Name() == unsafeRawName
	}
	if recv := namedRecv(sig); recv != nil && recv.Pkg() != nil {
		if types, ok := sinkMethods[recv.Pkg().Path()]; ok {
			return slices.Contains(types[recv.Name()], fn.Name())
		}
	}
	return shaped(fn.Name(), sig)
}

// wrapperSinks returns the arguments that callee passes, as they are, to
// a sink: learned from its body in this package, or from a fact.
func (t *tracer) wrapperSinks(callee *ssa.Function, c *ssa.CallCommon) []sink {
	sinks := t.summaryOf(callee).Sinks
	if len(sinks) == 0 {
		return nil
	}
	name := callee.Name()
	if fn, ok := callee.Object().(*types.Func); ok {
		name = funcName(fn)
	}
	var ss []sink
	for i := range c.Args {
		if via, ok := sinks[i]; ok {
			ss = append(ss, sink{name: name, arg: i, via: via})
		}
	}
	return ss
}

// shaped reports whether a method of a type the analyzer does not know has
// the name and parameters of database/sql's methods that take SQL
// (Query, QueryContext, QueryRow, QueryRowContext, Exec, ExecContext:
// an optional context, the SQL, then variadic arguments; Prepare and
// PrepareContext: an optional context and the SQL, or pgx's context,
// name and SQL). An interface such as sqlc's DBTX, or a driver-agnostic
// wrapper, is then a sink as well.
func shaped(name string, sig *types.Signature) bool {
	ps := sig.Params()
	var rest []types.Type
	for i := range ps.Len() {
		rest = append(rest, ps.At(i).Type())
	}
	if len(rest) > 0 && isContext(rest[0]) {
		rest = rest[1:]
	}
	switch name {
	case "Query", "QueryContext", "QueryRow", "QueryRowContext", "Exec", "ExecContext":
		return sig.Variadic() && len(rest) == 2 && isString(rest[0])
	case "Prepare", "PrepareContext":
		return !sig.Variadic() && (len(rest) == 1 && isString(rest[0]) ||
			len(rest) == 2 && isString(rest[0]) && isString(rest[1]))
	}
	return false
}

// sqlParam returns the index of the SQL parameter of a sink's signature:
// its last parameter of type string that is not variadic.
func sqlParam(sig *types.Signature) int {
	ps := sig.Params()
	for i := ps.Len() - 1; i >= 0; i-- {
		if sig.Variadic() && i == ps.Len()-1 {
			continue
		}
		if isString(ps.At(i).Type()) {
			return i
		}
	}
	return -1
}

func isString(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Kind() == types.String
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// namedRecv returns the named type that declares a method: its receiver's
// type, dereferenced, or the interface the method belongs to.
func namedRecv(sig *types.Signature) *types.TypeName {
	t := types.Unalias(sig.Recv().Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj()
	}
	return nil
}

// funcName is how a report names fn: (*sql.DB).Query, pgx.Tx.Exec, fmt.Sprintf.
func funcName(fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return fn.Pkg().Name() + "." + fn.Name()
	}
	recv := types.TypeString(sig.Recv().Type(), (*types.Package).Name)
	if _, ok := sig.Recv().Type().(*types.Pointer); ok {
		recv = "(" + recv + ")"
	}
	return recv + "." + fn.Name()
}
