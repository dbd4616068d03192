package engine

import (
	"context"
	"sync/atomic"
	"time"
)

// WriteMark carries read-your-writes across the statements of one
// session (unitofwork's Session keeps one): statements run with a
// context that holds it (WithWriteMark) record on it that they wrote,
// and its later reads see those writes, on an engine with replicas,
// the way the engine's ReadYourWrites says. The zero WriteMark has seen
// no write. A WriteMark is safe for concurrent use, but the guarantee
// is for reads that start after the write returned (for a query that
// writes, after its rows are closed).
type WriteMark struct {
	// gen counts the marks: each write marks as it starts and again
	// once it has returned, so that a read running meanwhile, which may
	// read the primary's position from before the write landed, cannot
	// cover it.
	gen  atomic.Uint64
	seen atomic.Uint64 // the gen that pos covers; gen != seen: a write since pos was read
	pos  atomic.Uint64 // the primary's position after the writes, once read
}

// Wrote reports whether a write was recorded on m.
func (m *WriteMark) Wrote() bool { return m.gen.Load() != 0 }

// mark records a write starting or ended.
func (m *WriteMark) mark() { m.gen.Add(1) }

type markKey struct{}

// WithWriteMark returns a context whose statements record their writes on
// m and whose reads see the writes recorded on it.
func WithWriteMark(ctx context.Context, m *WriteMark) context.Context {
	return context.WithValue(ctx, markKey{}, m)
}

func markOf(ctx context.Context) *WriteMark {
	m, _ := ctx.Value(markKey{}).(*WriteMark)
	return m
}

// ReadYourWrites is how an engine with replicas lets a session read its
// own writes: the reads that follow a write (recorded on a WriteMark)
// wait for a replica to replay it (WaitForReplica), or go to the primary
// (StickToPrimary).
type ReadYourWrites struct {
	wait   time.Duration
	sticky bool
	off    bool
}

// rywUnset: WithReadYourWrites was not given.
var rywUnset = ReadYourWrites{wait: -1}

// DefaultReplicaWait is the wait of WaitForReplica for an engine that
// does not choose (WithReadYourWrites).
const DefaultReplicaWait = 100 * time.Millisecond

// WaitForReplica makes a read after a write wait, up to max, until a
// replica has replayed the write — the engine reads the primary's
// position (Replication.WritePosition) at the first read after a write
// and polls the replica's, each poll bounded by what is left of max —
// and run on the primary after that. It is the
// default, with DefaultReplicaWait. Without Replication the engine cannot
// compare positions and sends reads after a write to the primary.
func WaitForReplica(max time.Duration) ReadYourWrites {
	return ReadYourWrites{wait: max}
}

// StickToPrimary sends every read of a session after its first write to
// the primary: no wait and no position queries, but the primary carries
// those reads.
func StickToPrimary() ReadYourWrites { return ReadYourWrites{sticky: true} }

// NoReadYourWrites lets reads ignore write marks: a session's read after
// its write may go to a replica that has not replayed it yet, and miss
// it. For a program that reads only what others wrote, or to measure
// how often that happens.
func NoReadYourWrites() ReadYourWrites { return ReadYourWrites{off: true} }

// WithReadYourWrites sets how reads after a write see it.
func WithReadYourWrites(r ReadYourWrites) Option {
	return optionFunc(func(e *Engine) error { e.routerFor().ryw = r; return nil })
}

// readYourWrites returns a replica that has replayed m's writes, waiting
// for one up to the engine's bound, or nil for the primary.
func (r *router) readYourWrites(ctx context.Context, m *WriteMark) *replica {
	if r.ryw.sticky || r.repl == nil {
		return nil
	}
	if g := m.gen.Load(); g != m.seen.Load() {
		// The position covers the writes marked before it is read: those
		// of generation g at least. pos is stored before seen, so a read
		// that finds seen up to date finds pos too.
		pos, err := r.repl.WritePosition(ctx, r.e.src)
		if err != nil {
			return nil
		}
		storeMax(&m.pos, pos)
		storeMax(&m.seen, g)
	}
	pos := m.pos.Load()
	// A replica known to have replayed pos, from an earlier check.
	rep := r.pick()
	if rep == nil {
		return nil
	}
	if rep.replayed.Load() >= pos {
		return rep
	}
	for _, o := range r.replicas {
		if o.up.Load() && o.replayed.Load() >= pos {
			return o
		}
	}
	// Poll the replicas that are up in turn, from the chosen one, backing
	// off from 1ms to 8ms, for the wait at most: a replica slow to answer
	// its poll counts against it too.
	deadline := time.Now().Add(r.ryw.wait)
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	for i, d := rep.index, time.Millisecond; ; i, d = i+1, min(2*d, 8*time.Millisecond) {
		rep = r.replicas[i%len(r.replicas)]
		if !rep.up.Load() {
			if r.pick() == nil {
				return nil // none is up
			}
			continue
		}
		st, err := r.repl.ReplayState(ctx, rep.src)
		if err != nil {
			return nil
		}
		rep.sawReplay(st.Position)
		if st.Position >= pos {
			return rep
		}
		if time.Until(deadline) < d {
			return nil
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// storeMax raises a to v, if v is larger.
func storeMax(a *atomic.Uint64, v uint64) {
	for {
		old := a.Load()
		if v <= old || a.CompareAndSwap(old, v) {
			return
		}
	}
}
