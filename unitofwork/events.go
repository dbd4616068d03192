package unitofwork

import (
	"context"
	"errors"
)

// Events are a session's application hooks, for work that belongs with
// every flush or transaction — stamps, audit rows, cache invalidation —
// wherever the flush comes from (Flush, Commit, an autoflush). Each is
// optional; WithEvents may be given several times, and the events run in
// that order.
//
// Observability has its own hook, FlushHook, which sees counts, never
// objects.
type Events struct {
	// BeforeFlush runs before each flush of a session that holds
	// objects, before anything is decided: it may change objects and
	// Add new ones, which the flush then writes. An error aborts the
	// flush with nothing written.
	BeforeFlush func(ctx context.Context, f *Flush) error
	// AfterFlush runs after a flush wrote, in its transaction: f lists
	// what it wrote. Objects it Adds — audit rows of those writes — are
	// written by a further flush in the same transaction before the
	// flush returns (at most 10 rounds). An error fails the flush: its
	// transaction rolls back, as for a failed statement.
	AfterFlush func(ctx context.Context, f *Flush) error
	// AfterCommit runs after a Commit succeeded. AfterRollback runs once
	// for each transaction that ended in a rollback: at the Rollback or
	// Close that ended it, or at the Commit whose flush or COMMIT failed
	// (a Flush that failed leaves it to the Rollback or Close after it).
	// The session is usable from them.
	AfterCommit   func(ctx context.Context, s *Session)
	AfterRollback func(ctx context.Context, s *Session)
}

// WithEvents adds application hooks to every flush and transaction of the
// session.
func WithEvents(ev Events) Option {
	return optionFunc(func(c *config) { c.events = append(c.events, ev) })
}

// Model hooks are methods a mapped struct may have (on its pointer): the
// flush calls them for each object it writes. Before hooks run before any
// statement of the flush — they may change the object, and an error
// aborts the flush with nothing written; after hooks run after the
// flush's statements, in its transaction — an error fails the flush and
// rolls the transaction back.
type (
	BeforeInsertHook interface {
		BeforeInsert(ctx context.Context, f *Flush) error
	}
	AfterInsertHook interface {
		AfterInsert(ctx context.Context, f *Flush) error
	}
	BeforeUpdateHook interface {
		BeforeUpdate(ctx context.Context, f *Flush) error
	}
	AfterUpdateHook interface {
		AfterUpdate(ctx context.Context, f *Flush) error
	}
	BeforeDeleteHook interface {
		BeforeDelete(ctx context.Context, f *Flush) error
	}
	AfterDeleteHook interface {
		AfterDelete(ctx context.Context, f *Flush) error
	}
)

// ErrFlushDone: Flush.Add where adding cannot be written any more (from a
// model hook, or after the flush returned).
var ErrFlushDone = errors.New("unitofwork: objects can be added in BeforeFlush and AfterFlush only")

// Flush is the flush an event or a model hook runs in: what it writes,
// and a way to add objects to it.
type Flush struct {
	s     *Session
	f     *flush // the running flush, once decided
	open  bool   // Add is allowed
	added []any
}

// Add adds objs to the session, as Session.Add does, to be written by
// this flush (BeforeFlush) or by the next round in its transaction
// (AfterFlush).
func (fl *Flush) Add(objs ...any) error {
	if !fl.open {
		return ErrFlushDone
	}
	for _, o := range objs {
		if _, err := fl.s.add(o); err != nil {
			return err
		}
		fl.added = append(fl.added, o)
	}
	return nil
}

// New returns, before a flush, the objects it is to insert (pending,
// in the order they were added); after it, those it inserted.
func (fl *Flush) New() []any {
	if fl.f != nil {
		return objsOf(fl.f.inserted)
	}
	return fl.s.withStatus(func(st *state) bool { return st.status == Pending })
}

// Dirty returns, before a flush, the persistent objects with changed
// columns; after it, those it updated.
func (fl *Flush) Dirty() []any {
	if fl.f != nil {
		return objsOf(fl.f.updated)
	}
	var changed []int
	return fl.s.withStatus(func(st *state) bool {
		if st.status != Persistent {
			return false
		}
		changed, _ = st.m.Changed(changed[:0], st.obj, &st.snap)
		return len(updatable(st.m, changed)) > 0
	})
}

// Deleted returns, before a flush, the objects marked for deletion;
// after it, those it deleted.
func (fl *Flush) Deleted() []any {
	if fl.f != nil {
		return objsOf(fl.f.deleted)
	}
	return fl.s.withStatus(func(st *state) bool { return st.status == Deleted && !st.flushed })
}

// withStatus returns the session's objects for which keep is true, in
// the order they were added or loaded.
func (s *Session) withStatus(keep func(*state) bool) []any {
	var out []any
	for _, st := range s.ordered() {
		if keep(st) {
			out = append(out, st.obj)
		}
	}
	return out
}

func objsOf(sts []*state) []any {
	out := make([]any, len(sts))
	for i, st := range sts {
		out[i] = st.obj
	}
	return out
}

// beforeFlush runs the BeforeFlush events.
func (s *Session) beforeFlush(ctx context.Context) error {
	fl := &Flush{s: s, open: true}
	defer func() { fl.open = false }()
	for _, ev := range s.cfg.events {
		if ev.BeforeFlush != nil {
			if err := ev.BeforeFlush(ctx, fl); err != nil {
				return err
			}
		}
	}
	return nil
}

// afterFlush runs the AfterFlush events and returns the objects they
// added.
func (f *flush) afterFlush() ([]any, error) {
	fl := &Flush{s: f.s, f: f, open: true}
	defer func() { fl.open = false }()
	for _, ev := range f.s.cfg.events {
		if ev.AfterFlush != nil {
			if err := ev.AfterFlush(f.ctx, fl); err != nil {
				return nil, err
			}
		}
	}
	return fl.added, nil
}

// beforeHooks calls the model hooks of what the flush is about to write.
func (f *flush) beforeHooks() error {
	fl := &Flush{s: f.s}
	for _, tw := range f.work {
		for _, st := range tw.inserts {
			if h, ok := st.obj.(BeforeInsertHook); ok {
				if err := h.BeforeInsert(f.ctx, fl); err != nil {
					return err
				}
			}
		}
		for _, st := range tw.persistent {
			h, ok := st.obj.(BeforeUpdateHook)
			if !ok {
				continue
			}
			if _, changed, err := f.changes(st); err != nil || !changed {
				continue
			}
			if err := h.BeforeUpdate(f.ctx, fl); err != nil {
				return err
			}
		}
		for _, st := range tw.deletes {
			if h, ok := st.obj.(BeforeDeleteHook); ok {
				if err := h.BeforeDelete(f.ctx, fl); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// afterHooks calls the model hooks of what the flush wrote.
func (f *flush) afterHooks() error {
	fl := &Flush{s: f.s, f: f}
	for _, st := range f.inserted {
		if h, ok := st.obj.(AfterInsertHook); ok {
			if err := h.AfterInsert(f.ctx, fl); err != nil {
				return err
			}
		}
	}
	for _, st := range f.updated {
		if h, ok := st.obj.(AfterUpdateHook); ok {
			if err := h.AfterUpdate(f.ctx, fl); err != nil {
				return err
			}
		}
	}
	for _, st := range f.deleted {
		if h, ok := st.obj.(AfterDeleteHook); ok {
			if err := h.AfterDelete(f.ctx, fl); err != nil {
				return err
			}
		}
	}
	return nil
}

// afterWrites reports whether something must run after the flush's
// statements — AfterFlush events, after hooks of a model it writes — so
// that the flush keeps a transaction to roll back if it fails.
func (f *flush) afterWrites() bool {
	for _, ev := range f.s.cfg.events {
		if ev.AfterFlush != nil {
			return true
		}
	}
	for _, tw := range f.work {
		for _, sts := range [][]*state{tw.inserts, tw.persistent, tw.deletes} {
			if len(sts) == 0 {
				continue
			}
			switch sts[0].obj.(type) { // every object of the table has its type
			case AfterInsertHook, AfterUpdateHook, AfterDeleteHook:
				return true
			}
			break
		}
	}
	return false
}

// afterTx runs the AfterCommit or AfterRollback events.
func (s *Session) afterTx(ctx context.Context, committed bool) {
	for _, ev := range s.cfg.events {
		switch {
		case committed && ev.AfterCommit != nil:
			ev.AfterCommit(ctx, s)
		case !committed && ev.AfterRollback != nil:
			ev.AfterRollback(ctx, s)
		}
	}
}
