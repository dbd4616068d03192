package engine

import (
	"context"
	"errors"
	"time"
)

// Replication reads replication positions, for the health check's lag
// and for read-your-writes. A position is a number that grows with each
// write to the primary and that a replica reaches when it has replayed
// that write (PostgreSQL's WAL position, an LSN). The dialect modules
// implement it where the database has such positions
// (pgdialect.Replication); a primary Source that implements it is used
// without WithReplication.
type Replication interface {
	// WritePosition returns the position of the primary's latest write,
	// run on the primary.
	WritePosition(ctx context.Context, primary SourceQuerier) (uint64, error)
	// ReplayState returns how far a replica has replayed, run on the
	// replica. A server that is not replaying (one promoted to primary)
	// reports its own write position and no lag.
	ReplayState(ctx context.Context, replica SourceQuerier) (ReplayState, error)
}

// ReplayState is how far a replica has replayed the primary's writes.
type ReplayState struct {
	// Position is the position of the last write the replica replayed.
	Position uint64
	// Behind is how long ago the primary made the last write the replica
	// has replayed; it is the replica's lag when the primary has written
	// since. 0 when unknown.
	Behind time.Duration
}

// WithReplication sets how the engine reads replication positions, for
// a primary Source that does not implement Replication itself.
func WithReplication(r Replication) Option {
	return optionFunc(func(e *Engine) error { e.routerFor().repl = r; return nil })
}

// HealthCheck configures how an engine with replicas checks them. Every
// Interval each replica is asked, within Timeout, for its replay state
// (with Replication) or pinged (a Source that is a Pinger); one that
// fails, or lags the primary by more than MaxLag, is taken out of the
// rotation, and put back at the first check it passes.
type HealthCheck struct {
	// Interval is the time between checks; 0 or less turns the checker
	// off (replicas then leave the rotation only when a read fails on
	// them, and never come back).
	Interval time.Duration
	// Timeout bounds one replica's check (Interval when 0).
	Timeout time.Duration
	// MaxLag is the largest lag a replica in the rotation may have; 0
	// means no bound. Lag is only known with Replication, and only
	// while the primary answers: a check that cannot read the primary's
	// position keeps each replica's last verdict on lag.
	MaxLag time.Duration
}

// DefaultHealthCheck is the check unless WithHealthCheck sets another:
// every second, a second at most per replica, no lag bound.
var DefaultHealthCheck = HealthCheck{Interval: time.Second, Timeout: time.Second}

// WithHealthCheck sets how the replicas are checked.
func WithHealthCheck(h HealthCheck) Option {
	return optionFunc(func(e *Engine) error { e.routerFor().health = h; return nil })
}

// start completes the router once the engine's options are applied and
// starts the health checker.
func (r *router) start() error {
	if len(r.replicas) == 0 {
		return errors.New("engine: replica options given without WithReplicas")
	}
	if r.repl == nil {
		r.repl, _ = r.e.src.(Replication)
	}
	if r.ryw == rywUnset {
		r.ryw = WaitForReplica(DefaultReplicaWait)
	}
	if r.health.Timeout <= 0 {
		r.health.Timeout = r.health.Interval
	}
	if r.health.Interval <= 0 {
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.stop, r.done = cancel, make(chan struct{})
	go r.checkLoop(ctx)
	return nil
}

func (r *router) checkLoop(ctx context.Context) {
	defer close(r.done)
	t := time.NewTicker(r.health.Interval)
	defer t.Stop()
	for {
		r.checkAll(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// checkAll checks every replica once, against the primary's position.
func (r *router) checkAll(ctx context.Context) {
	var primaryPos uint64
	primaryKnown := false
	if r.repl != nil {
		cctx, cancel := context.WithTimeout(ctx, r.health.Timeout)
		var err error
		primaryPos, err = r.repl.WritePosition(cctx, r.e.src)
		primaryKnown = err == nil
		cancel()
	}
	for _, rep := range r.replicas {
		if ctx.Err() != nil {
			return
		}
		cctx, cancel := context.WithTimeout(ctx, r.health.Timeout)
		err := r.check(cctx, rep, primaryPos, primaryKnown)
		cancel()
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			rep.down(err)
			continue
		}
		rep.up.Store(true)
	}
}

// ErrReplicaLag is the reason Engine.Replicas gives for a replica taken
// out because it lagged more than HealthCheck.MaxLag.
var ErrReplicaLag = sentinel("replica lags more than the health check allows")

// check checks one replica against the primary's position, when known:
// nil when it may serve reads.
func (r *router) check(ctx context.Context, rep *replica, primaryPos uint64, primaryKnown bool) error {
	if r.repl == nil {
		if p, ok := rep.src.(Pinger); ok {
			return r.e.wrap(ctx, "ping", p.Ping(ctx))
		}
		return nil
	}
	st, err := r.repl.ReplayState(ctx, rep.src)
	if err != nil {
		return r.e.wrap(ctx, "health check", err)
	}
	rep.sawReplay(st.Position)
	if !primaryKnown {
		// Without the primary's position the age of the last replayed
		// transaction says nothing (an idle standby that has replayed
		// everything has an old one): keep the last verdict, so that a
		// primary out of reach does not take caught-up replicas out.
		if rep.lagged.Load() {
			return ErrReplicaLag
		}
		return nil
	}
	var lag time.Duration
	if st.Position < primaryPos {
		lag = st.Behind
	}
	rep.lag.Store(int64(lag))
	lagged := r.health.MaxLag > 0 && lag > r.health.MaxLag
	rep.lagged.Store(lagged)
	if lagged {
		return ErrReplicaLag
	}
	return nil
}

// sawReplay records that the replica has replayed up to pos.
func (rep *replica) sawReplay(pos uint64) { storeMax(&rep.replayed, pos) }
