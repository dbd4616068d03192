package unitofwork

import (
	"context"
	"database/sql"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// Read-your-writes. On an engine with read replicas (engine.WithReplicas)
// the session's reads outside a transaction go to replicas, and its
// writes to the primary. The session carries an engine.WriteMark: its
// flushes and commits record on it that they wrote, and its later reads
// see those writes — the engine waits for a replica that has replayed
// them, or reads from the primary (engine.ReadYourWrites). On an engine
// without replicas nothing changes, and nothing is spent on it.

// marked returns ctx carrying the session's write mark when the engine
// routes reads to replicas, ctx itself otherwise.
func (s *Session) marked(ctx context.Context) context.Context {
	if !s.e.HasReplicas() {
		return ctx
	}
	return engine.WithWriteMark(ctx, &s.mark)
}

// markedReader is the session as the engine.Executor of its reads
// outside a transaction on an engine with replicas: each statement runs
// with the session's write mark.
type markedReader Session

var _ engine.Executor = (*markedReader)(nil)

func (r *markedReader) Query(ctx context.Context, stmt expr.Statement, params ...sql.NamedArg) (*engine.Rows, error) {
	s := (*Session)(r)
	return s.e.Query(engine.WithWriteMark(ctx, &s.mark), stmt, params...)
}

func (r *markedReader) QueryRow(ctx context.Context, stmt expr.Statement, params ...sql.NamedArg) *engine.Row {
	s := (*Session)(r)
	return s.e.QueryRow(engine.WithWriteMark(ctx, &s.mark), stmt, params...)
}

func (r *markedReader) Exec(ctx context.Context, stmt expr.Statement, params ...sql.NamedArg) (engine.Result, error) {
	s := (*Session)(r)
	return s.e.Exec(engine.WithWriteMark(ctx, &s.mark), stmt, params...)
}
