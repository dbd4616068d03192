package engine

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// WithReplicas makes the engine's Source the primary and sends reads to
// replicas, each a Source of its own (a pool of one read-only server).
// A read is a statement the engine can see is one — a SELECT, or a
// compound of SELECTs, with no FOR UPDATE or FOR SHARE anywhere inside
// and no call of a function but well-known ones that only compute (the
// aggregates, lower, coalesce, extract...; docs/scale-out.md lists
// them) — run outside a transaction; Exec, every other statement,
// transactions, constant SQL (expr.Text) and SELECTs calling other
// functions go to the primary. OnPrimary sends any call to the primary;
// OnReplica sends constant SQL and SELECTs that call other functions to
// a replica. The replica is chosen by the ReplicaPolicy
// among those the health check finds up (WithHealthCheck); with none up,
// reads go to the primary. A read a replica fails with a broken
// connection or a recovery conflict runs again on the primary, and the
// replica is taken out until the health check finds it up again.
//
// Engine.Close closes the replicas. When New, or Open, fails, it closes
// none of them: they stay the caller's, to close. Without this option
// the engine has no replicas and routes nothing.
func WithReplicas(replicas ...Source) Option {
	return optionFunc(func(e *Engine) error {
		for _, s := range replicas {
			if s == nil {
				return errors.New("engine: WithReplicas given a nil Source")
			}
		}
		r := e.routerFor()
		for _, s := range replicas {
			rep := &replica{r: r, src: s, index: len(r.replicas)}
			rep.up.Store(true)
			r.replicas = append(r.replicas, rep)
		}
		return nil
	})
}

// ReplicaPolicy chooses the replica that runs a read.
type ReplicaPolicy uint8

const (
	// RoundRobin takes the replicas that are up in turn.
	RoundRobin ReplicaPolicy = iota
	// LeastBusy takes the replica with the fewest reads running on it
	// (statements sent whose rows are not closed), in turn among equals.
	LeastBusy
)

// WithReplicaPolicy sets how reads are spread over the replicas
// (RoundRobin unless set).
func WithReplicaPolicy(p ReplicaPolicy) Option {
	return optionFunc(func(e *Engine) error {
		if p > LeastBusy {
			return errors.New("engine: unknown ReplicaPolicy")
		}
		e.routerFor().policy = p
		return nil
	})
}

// routeKey is the context key of OnPrimary and OnReplica.
type routeKey struct{}

type route uint8

const (
	routeAuto route = iota
	routePrimary
	routeReplica
)

// OnPrimary returns a context whose statements all run on the primary,
// such as a read that must see the latest writes of other programs.
func OnPrimary(ctx context.Context) context.Context {
	return context.WithValue(ctx, routeKey{}, routePrimary)
}

// OnReplica returns a context whose queries run on a replica even where
// the engine cannot tell they are reads: constant SQL (expr.Text), or a
// SELECT calling a function the engine does not know, that only reads.
// It does not move what the engine knows writes or locks: INSERT,
// UPDATE and DELETE (with RETURNING too), DDL and a SELECT with FOR
// UPDATE or FOR SHARE anywhere inside still go to the primary, as do
// statements run with Exec, transactions, and reads where read-your-writes
// needs it (WriteMark).
func OnReplica(ctx context.Context) context.Context {
	return context.WithValue(ctx, routeKey{}, routeReplica)
}

// router is the engine's routing state; nil without WithReplicas.
type router struct {
	e        *Engine
	replicas []*replica
	policy   ReplicaPolicy
	next     atomic.Uint32 // turn counter of both policies
	health   HealthCheck
	ryw      ReadYourWrites
	repl     Replication // the primary's, or WithReplication's; may be nil

	stop context.CancelFunc // ends the health checker
	done chan struct{}      // closed when the health checker has returned
}

// routerFor returns the engine's router, making it.
func (e *Engine) routerFor() *router {
	if e.router == nil {
		e.router = &router{e: e, health: DefaultHealthCheck, ryw: rywUnset}
	}
	return e.router
}

// route returns where a query outside a transaction runs: a replica, or
// the primary. A statement that is not a read marks ctx's WriteMark and
// returns it, to be marked again when the statement has run.
func (r *router) route(ctx context.Context, stmt expr.Statement) (SourceQuerier, *WriteMark) {
	rt, _ := ctx.Value(routeKey{}).(route)
	if rt == routePrimary {
		return r.e.src, r.wrote(ctx)
	}
	switch classify(stmt) {
	case classRead:
	case classUnknown:
		if rt != routeReplica {
			return r.e.src, r.wrote(ctx)
		}
	default:
		return r.e.src, r.wrote(ctx)
	}
	if m := markOf(ctx); m != nil && !r.ryw.off && m.Wrote() {
		if rep := r.readYourWrites(ctx, m); rep != nil {
			return rep, nil
		}
		return r.e.src, nil
	}
	if rep := r.pick(); rep != nil {
		return rep, nil
	}
	return r.e.src, nil
}

// wrote marks ctx's WriteMark, if any, and returns it: the session has
// written, or is about to.
func (r *router) wrote(ctx context.Context) *WriteMark {
	m := markOf(ctx)
	if m != nil {
		m.mark()
	}
	return m
}

// pick returns a replica that is up, by the policy, or nil.
func (r *router) pick() *replica {
	n := len(r.replicas)
	start := int(r.next.Add(1) % uint32(n))
	var best *replica
	for i := range n {
		rep := r.replicas[(start+i)%n]
		if !rep.up.Load() {
			continue
		}
		if r.policy == RoundRobin {
			return rep
		}
		if best == nil || rep.inflight.Load() < best.inflight.Load() {
			best = rep
		}
	}
	return best
}

// stopChecker stops the health checker and waits for it to return.
func (r *router) stopChecker() {
	if r.stop != nil {
		r.stop()
		<-r.done
	}
}

// close stops the health checker and closes the replicas.
func (r *router) close() error {
	r.stopChecker()
	var errs []error
	for _, rep := range r.replicas {
		errs = append(errs, rep.src.Close())
	}
	return errors.Join(errs...)
}

// replica is one replica Source as the engine uses it: it counts the
// reads running on it and hands a read it cannot run to the primary.
type replica struct {
	r        *router
	src      Source
	index    int
	up       atomic.Bool   // in the rotation
	inflight atomic.Int64  // reads sent whose rows are not closed
	reads    atomic.Uint64 // reads it ran
	replayed atomic.Uint64 // the highest replay position seen (Replication)
	lag      atomic.Int64  // the last measured lag, in nanoseconds
	lagged   atomic.Bool   // the last measured lag was over MaxLag
	mu       sync.Mutex
	err      error // the last health check's failure, or nil; guarded by mu
}

var _ SourceQuerier = (*replica)(nil)

// Exec is never routed to a replica; it runs on the primary.
func (rep *replica) Exec(ctx context.Context, sql string, args []any) (Result, error) {
	return rep.r.e.src.Exec(ctx, sql, args)
}

func (rep *replica) Query(ctx context.Context, sql string, args []any) (SourceRows, error) {
	rep.inflight.Add(1)
	rs, err := rep.src.Query(ctx, sql, args)
	if err != nil {
		rep.inflight.Add(-1)
		if ctx.Err() != nil {
			return nil, err
		}
		switch rep.r.e.classify(ctx, err) {
		case ErrConnectionLost:
			rep.down(rep.r.e.wrap(ctx, "query", err))
		case ErrSerializationFailure: // a recovery conflict on a hot standby
		default:
			return nil, err
		}
		return rep.r.e.src.Query(ctx, sql, args)
	}
	rep.reads.Add(1)
	cr := countedPool.Get().(*countedRows)
	cr.SourceRows, cr.rep = rs, rep
	return cr, nil
}

// down takes the replica out of the rotation until the health checker
// finds it up.
func (rep *replica) down(err error) {
	rep.mu.Lock()
	rep.err = err
	rep.mu.Unlock()
	rep.up.Store(false)
}

// countedRows are a replica's rows: closing them ends the read's count.
type countedRows struct {
	SourceRows
	rep *replica
}

var countedPool = sync.Pool{New: func() any { return new(countedRows) }}

func (c *countedRows) Close() error {
	if c.rep == nil { // closed before; the engine closes once, but be safe
		return nil
	}
	err := c.SourceRows.Close()
	c.rep.inflight.Add(-1)
	c.SourceRows, c.rep = nil, nil
	countedPool.Put(c)
	return err
}

// HasReplicas reports whether the engine routes reads to replicas
// (WithReplicas).
func (e *Engine) HasReplicas() bool { return e.router != nil }

// ReplicaState is what Engine.Replicas reports of one replica.
type ReplicaState struct {
	// Index is the replica's position in WithReplicas.
	Index int
	// Up is true when the replica is in the rotation.
	Up bool
	// InFlight is the number of reads running on it.
	InFlight int64
	// Reads is the number of reads it has run.
	Reads uint64
	// Lag is how far behind the primary the last health check that
	// reached the primary found it, where the engine can tell
	// (Replication); 0 otherwise.
	Lag time.Duration
	// Err is why the replica was last taken out, or nil while it is up.
	Err error
}

// Replicas returns the state of the engine's replicas, in the order of
// WithReplicas; nil for an engine without replicas.
func (e *Engine) Replicas() []ReplicaState {
	if e.router == nil {
		return nil
	}
	out := make([]ReplicaState, len(e.router.replicas))
	for i, rep := range e.router.replicas {
		rep.mu.Lock()
		err := rep.err
		rep.mu.Unlock()
		up := rep.up.Load()
		if up {
			err = nil
		}
		out[i] = ReplicaState{Index: i, Up: up, InFlight: rep.inflight.Load(), Reads: rep.reads.Load(), Lag: time.Duration(rep.lag.Load()), Err: err}
	}
	return out
}
