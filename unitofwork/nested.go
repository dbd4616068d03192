package unitofwork

import (
	"context"
	"errors"

	"github.com/sqlforge/sqlforge/engine"
)

// ErrNestedDone: Commit or Rollback of a nested transaction that has
// ended, or that an enclosing Commit or Rollback ended.
var ErrNestedDone = errors.New("unitofwork: the nested transaction has ended")

// Nested is a nested transaction of a session: a SAVEPOINT in the
// session's transaction, from BeginNested. End it with Commit or
// Rollback; `defer n.Rollback(ctx)` after a Commit does nothing.
//
// Each open nested transaction has a layer of the session's undo log:
// the state and values, at the savepoint, of each object a flush inside
// it changed first. Rollback puts those back; Commit hands them to the
// enclosing layer, which keeps its own older entries.
type Nested struct {
	s      *Session
	tx     *engine.Tx
	parent map[*state]txEntry // the enclosing layer, s.txUndo before
	newAt  int                // len(s.txNew) when it began: what it inserts comes after
	done   bool
	// aborted: a flush inside failed and already rolled the database
	// back to the savepoint; Rollback only has the objects to restore.
	aborted bool
}

// BeginNested flushes, opens the session's transaction if none is open,
// and starts a nested transaction in it with a SAVEPOINT. Changes flushed
// until its Commit or Rollback can be undone on their own, leaving the
// enclosing transaction open and usable.
//
// A flush that fails inside it rolls back only to the savepoint; the
// session then refuses work until the nested transaction's Rollback (or
// the session's).
func (s *Session) BeginNested(ctx context.Context) (*Nested, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	defer s.leave()
	if err := s.flush(ctx, false); err != nil {
		return nil, err
	}
	if s.tx == nil {
		tx, err := s.e.Begin(ctx, engine.TxOptions{})
		if err != nil {
			return nil, err
		}
		s.tx = tx
	}
	parent := s.tx
	if k := len(s.nested); k > 0 {
		parent = s.nested[k-1].tx
	}
	sp, err := parent.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if s.txUndo == nil {
		s.txUndo = map[*state]txEntry{} // the enclosing layer, which Commit merges into
	}
	n := &Nested{s: s, tx: sp, parent: s.txUndo, newAt: len(s.txNew)}
	// The flushes inside record into the new innermost layer.
	s.txUndo = map[*state]txEntry{}
	s.nested = append(s.nested, n)
	return n, nil
}

// Commit flushes and releases the savepoint. The changes stay part of
// the enclosing transaction, undone by its rollback. Nested transactions
// begun inside n and still open are committed with it.
func (n *Nested) Commit(ctx context.Context) error {
	s := n.s
	if err := s.ready(); err != nil {
		return err
	}
	defer s.leave()
	if n.done {
		return ErrNestedDone
	}
	if err := s.flush(ctx, false); err != nil {
		return err
	}
	if err := n.tx.Commit(ctx); err != nil {
		return err
	}
	s.popNested(n, mergeUndo)
	return nil
}

// Rollback rolls back to the savepoint and makes the objects as they
// were when it was taken: objects added since are forgotten (transient,
// their generated keys cleared), objects deleted since are persistent
// again, changed objects get back their values at the savepoint. The
// enclosing transaction stays open. After a failed flush inside n, it is
// what makes the session usable again.
func (n *Nested) Rollback(ctx context.Context) error {
	s := n.s
	if err := s.enter(); err != nil {
		return err
	}
	defer s.leave()
	if n.done {
		return ErrNestedDone
	}
	var err error
	if !n.aborted {
		err = n.tx.Rollback(context.WithoutCancel(ctx))
	}
	s.forgetting(func() {
		s.popNested(n, func(layer, _ map[*state]txEntry) { s.restoreLayer(layer) })
		s.restoreNew(n.newAt)
		s.restoreUnflushed()
	})
	s.failed = nil
	return err
}

// popNested ends n and the nested transactions inside it, innermost
// first: end gets each one's undo layer and the layer enclosing it.
func (s *Session) popNested(n *Nested, end func(layer, parent map[*state]txEntry)) {
	for len(s.nested) > 0 {
		top := s.nested[len(s.nested)-1]
		s.nested = s.nested[:len(s.nested)-1]
		end(s.txUndo, top.parent)
		s.txUndo, top.done = top.parent, true
		if top == n {
			return
		}
	}
}

// endAllNested folds every open nested transaction into the outermost
// one, as a Commit or Rollback of the session's transaction ends them.
func (s *Session) endAllNested() {
	if len(s.nested) > 0 {
		s.popNested(s.nested[0], mergeUndo)
	}
}

// mergeUndo moves a committed layer's entries into the enclosing one,
// which keeps the entries it has: they are older.
func mergeUndo(layer, parent map[*state]txEntry) {
	for st, u := range layer {
		if _, ok := parent[st]; !ok {
			parent[st] = u
		}
	}
}

// abortTx rolls back what a failed flush wrote: to the innermost
// savepoint when a nested transaction is open, the whole transaction
// otherwise.
func (s *Session) abortTx(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	if k := len(s.nested); k > 0 {
		n := s.nested[k-1]
		_ = n.tx.Rollback(ctx)
		n.aborted = true
		return
	}
	if tx := s.tx; tx != nil {
		s.tx, s.rolledBack = nil, true // first: the rollback may panic
		_ = tx.Rollback(ctx)
	}
}

// newStart is where the innermost layer's inserts begin in s.txNew.
func (s *Session) newStart() int {
	if k := len(s.nested); k > 0 {
		return s.nested[k-1].newAt
	}
	return 0
}
