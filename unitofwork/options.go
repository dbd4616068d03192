package unitofwork

import (
	"context"
	"reflect"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// Option configures New.
type Option interface{ apply(*config) }

type config struct {
	autoflush bool
	hooks     []FlushHook
	events    []Events
	criteria  map[reflect.Type][]expr.Expr // see Criteria
	strict    bool                         // StrictLoading
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithoutAutoflush makes the session flush only on Flush and Commit, not
// before its queries (see WithoutAutoflushIn for one block of code).
func WithoutAutoflush() Option { return optionFunc(func(c *config) { c.autoflush = false }) }

// WithFlushHooks adds hooks that see every flush.
func WithFlushHooks(hooks ...FlushHook) Option {
	return optionFunc(func(c *config) { c.hooks = append(c.hooks, hooks...) })
}

type noAutoflushKey struct{}

// WithoutAutoflushIn returns a context under which the session's queries
// do not flush first: the block-scoped switch, for a query that must not
// see (or fail on) half-built objects.
func WithoutAutoflushIn(ctx context.Context) context.Context {
	return context.WithValue(ctx, noAutoflushKey{}, true)
}

func autoflushOff(ctx context.Context) bool {
	off, _ := ctx.Value(noAutoflushKey{}).(bool)
	return off
}

// FlushEvent describes one flush: how many rows of each table it
// inserted, updated and deleted, and how it ended. It is engine's type,
// so that a hook module importing only the engine (otelhook) can
// implement FlushHook.
type FlushEvent = engine.FlushEvent

// FlushHook sees each flush. BeforeFlush may return a derived context
// (a tracing span's): the flush's statements run under it, so their
// hooks see it as their parent. The session's transaction, which a flush
// may begin and which outlives it, begins under the flush's caller's
// context instead. AfterFlush gets that context and the event. Hooks see
// counts and table names, never values.
type FlushHook interface {
	BeforeFlush(ctx context.Context) context.Context
	AfterFlush(ctx context.Context, ev *FlushEvent)
}

// QueryOption changes how a query through the session treats the rows
// it loads.
type QueryOption interface{ applyQuery(*queryConfig) }

type queryConfig struct {
	populate    bool
	paths       []string // SelectIn
	joined      []string // Joined
	withDeleted bool     // WithDeleted
	strict      bool     // Strict
}

// WithDeleted makes a query of a soft-deleted type (the softdelete tag)
// return the rows marked deleted too; the session leaves them out of
// every other query.
func WithDeleted() QueryOption {
	return queryOptionFunc(func(c *queryConfig) { c.withDeleted = true })
}

type queryOptionFunc func(*queryConfig)

func (f queryOptionFunc) applyQuery(c *queryConfig) { f(c) }

// PopulateExisting makes a query overwrite the objects the session holds
// for the rows it returns with the rows' values, discarding their
// unflushed changes; without it a loaded row never overwrites an object
// the session holds.
func PopulateExisting() QueryOption {
	return queryOptionFunc(func(c *queryConfig) { c.populate = true })
}
