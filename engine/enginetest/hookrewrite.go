package enginetest

import (
	"context"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
)

// rewriter is a hook that changes what it is shown: the statement's text
// and, where it sees them, its values, as a careless hook that masks
// values for a log would.
type rewriter struct{}

func (rewriter) BeforeQuery(ctx context.Context, ev *engine.QueryEvent) context.Context {
	ev.SQL = "DELETE FROM items"
	for i := range ev.Args {
		ev.Args[i] = "masked"
	}
	return ctx
}

func (rewriter) AfterQuery(context.Context, *engine.QueryEvent) {}

// RunHooksObserveOnly checks that hooks observe statements and cannot
// change them: a hook that rewrites its event's SQL and values, with and
// without WithParamValuesInHooks, leaves the statement that runs as it
// was built.
func RunHooksObserveOnly(t *testing.T, env Env) {
	for _, tc := range []struct {
		name string
		opts []engine.Option
	}{
		{"values hidden", []engine.Option{engine.WithHooks(rewriter{})}},
		{"values shown", []engine.Option{engine.WithHooks(rewriter{}), engine.WithParamValuesInHooks()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, ctx := setup(t, env, tc.opts...)
			mustExec(t, ctx, e, insertItem(1, "kept", 1))
			mustExec(t, ctx, e, insertItem(2, "kept", 1))
			if n := countItems(t, ctx, e, "kept"); n != 2 {
				t.Errorf("%s: %d items named as inserted after a hook rewrote the events; want 2", env.Name, n)
			}
			if n := countItems(t, ctx, e, "masked"); n != 0 {
				t.Errorf("%s: %d items hold the value a hook wrote into its event", env.Name, n)
			}
		})
	}
}
