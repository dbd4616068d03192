package unitofwork

import (
	"context"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// Read runs stmt, a query of T's columns, with the loader options given
// (SelectIn, Joined, WithDeleted), for read-only code that keeps no
// Session: it opens one, loads, and closes it. The objects it returns
// are detached plain structs, one per row across the whole graph — a
// user two orders share is one *User — and changing them writes nothing;
// Merge one into a Session to change its row.
//
//	users, err := unitofwork.Read[User](ctx, e, models, Users.Select(), unitofwork.SelectIn("Orders.Items"))
//
// A program whose reads must keep to a tenant uses a Session with
// Criteria instead: Read has none.
func Read[T any](ctx context.Context, e *engine.Engine, models *mapper.Registry, stmt expr.Statement, opts ...QueryOption) ([]*T, error) {
	s := New(e, models)
	objs, err := All[T](ctx, s, stmt, opts...)
	if cerr := s.Close(); err == nil && cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return nil, err
	}
	return objs, nil
}
