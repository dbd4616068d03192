package peers_test

import (
	"context"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// sessionImpl runs each operation through a unitofwork.Session, one
// session per operation as a request handler would. A write whose flush
// is one statement is sent alone (see Session.Commit); update1 merges the
// struct onto the row it loads first, so the UPDATE sets only what
// changed: the SELECT is what its numbers pay for beyond the others.
func sessionImpl(e *engine.Engine) e2eImpl {
	reg := e2eModels.Registry()
	id := e2eModels.C("id")
	commit := func(ctx context.Context, objs ...any) error {
		s := unitofwork.New(e, reg)
		defer s.Close()
		if err := s.Add(objs...); err != nil {
			return err
		}
		return s.Commit(ctx)
	}
	return e2eImpl{
		name:       "session",
		statements: map[string]int64{"update1": 2},
		insert1: func(ctx context.Context, m *e2eModel) error {
			return commit(ctx, m)
		},
		insert100: func(ctx context.Context, ms []*e2eModel) error {
			objs := make([]any, len(ms))
			for i, m := range ms {
				objs[i] = m
			}
			return commit(ctx, objs...)
		},
		update1: func(ctx context.Context, m *e2eModel) error {
			s := unitofwork.New(e, reg)
			defer s.Close()
			if _, err := unitofwork.Merge(ctx, s, m); err != nil {
				return err
			}
			return s.Commit(ctx)
		},
		get1: func(ctx context.Context, key int64) (e2eModel, error) {
			s := unitofwork.New(e, reg)
			defer s.Close()
			m, err := unitofwork.Get[e2eModel](ctx, s, key)
			if err != nil {
				return e2eModel{}, err
			}
			return *m, nil
		},
		list100: func(ctx context.Context) ([]e2eModel, error) {
			s := unitofwork.New(e, reg)
			defer s.Close()
			ms, err := unitofwork.All[e2eModel](ctx, s, e2eModels.Select().Where(id.Gt(0)).OrderBy(id.Asc()).LimitConst(e2eListRows))
			if err != nil {
				return nil, err
			}
			out := make([]e2eModel, len(ms))
			for i, m := range ms {
				out[i] = *m
			}
			return out, nil
		},
	}
}
