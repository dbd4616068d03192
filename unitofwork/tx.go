package unitofwork

import (
	"context"
	"errors"
	"reflect"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/mapper"
)

// ErrTxOpen: Begin was called while the session's transaction is open.
var ErrTxOpen = errors.New("unitofwork: the session's transaction is already open")

// Begin opens the session's transaction with opts. Without it the session
// opens one (with the zero TxOptions) at its first flush that writes:
// the queries before run each on their own, and a session that only
// reads never holds a transaction.
func (s *Session) Begin(ctx context.Context, opts engine.TxOptions) error {
	if err := s.ready(); err != nil {
		return err
	}
	defer s.leave()
	if s.tx != nil {
		return ErrTxOpen
	}
	tx, err := s.e.Begin(ctx, opts)
	if err != nil {
		return err
	}
	s.tx = tx
	return nil
}

// Commit flushes and commits the session's transaction. With no
// transaction open, a flush that is a single statement — one table's new
// rows in one INSERT that reads back at most their integer keys, or one
// object's UPDATE — is sent alone, committed by the database without
// BEGIN and COMMIT. The objects keep their values (nothing is
// reloaded), and objects whose deletion it commits become detached. A
// failed commit is a rollback: see Rollback. The AfterCommit events run
// once it succeeded.
func (s *Session) Commit(ctx context.Context) error {
	ended, err := s.commit(ctx)
	if err != nil {
		if ended {
			s.afterTx(ctx, false)
		}
		return err
	}
	s.afterTx(ctx, true)
	return nil
}

// commit is Commit without the events; rolledBack reports that this call
// ended its transaction in a rollback (a failed flush, statement or
// COMMIT), whose AfterRollback events are then the caller's to run.
func (s *Session) commit(ctx context.Context) (rolledBack bool, err error) {
	if err := s.ready(); err != nil {
		return false, err
	}
	defer s.leave()
	// A rollback this call caused is announced by Commit; one an earlier
	// Flush caused, or a panic here, by the Rollback or Close after it.
	pending := s.rolledBack
	ended := func() bool {
		if s.rolledBack && !pending {
			s.rolledBack = false
			return true
		}
		return false
	}
	if err := s.flushAs(ctx, false, s.tx == nil); err != nil {
		return ended(), err
	}
	if s.tx != nil {
		s.endAllNested() // committed with the transaction
		err := s.tx.Commit(s.marked(ctx))
		s.tx = nil
		if err != nil {
			s.restore()
			s.rolledBack = true
			return ended(), err
		}
	}
	s.committed()
	return false, nil
}

// committed ends the bookkeeping of a committed transaction — by COMMIT,
// or by a flush of one statement sent alone: the undo records go, and
// objects whose deletion it committed are forgotten.
func (s *Session) committed() {
	clear(s.txUndo)
	s.commitNew()
	for st := range s.objects.all() {
		if st.status == Deleted && st.flushed {
			s.forget(st)
		}
	}
}

// Rollback rolls the session's transaction back and makes the objects
// agree with the database again: objects inserted in the transaction, and
// pending ones, are forgotten (transient again, their generated keys
// cleared); objects deleted are persistent again; persistent objects get
// back the values they had when last loaded or committed, discarding
// unflushed changes; their collections become nil, not loaded, and a
// many-to-one pointer that disagrees with its foreign key becomes nil
// (see resetRelationships). After a failed flush, Rollback is what makes
// the session usable again. The AfterRollback events run after it when
// it ended a transaction, or one a failed flush ended without them.
func (s *Session) Rollback(ctx context.Context) error {
	if err := s.enter(); err != nil {
		return err
	}
	ended := s.tx != nil || s.rolledBack
	err := s.rollback(ctx)
	s.rolledBack = false
	s.leave()
	if ended {
		s.afterTx(ctx, false)
	}
	return err
}

func (s *Session) rollback(ctx context.Context) error {
	var err error
	s.endAllNested() // rolled back with the transaction
	if s.tx != nil {
		err = s.tx.Rollback(context.WithoutCancel(ctx))
		s.tx = nil
	}
	s.restore()
	return err
}

// restore undoes the transaction's changes to the objects (see Rollback).
func (s *Session) restore() {
	s.forgetting(func() {
		s.restoreLayer(s.txUndo)
		clear(s.txUndo)
		s.restoreNew(0)
		s.restoreUnflushed()
	})
	s.failed = nil
}

// forgetting runs a rollback's restore, then makes the relationship
// fields of the objects the session still holds agree with the columns
// it put back (see resetRelationships).
func (s *Session) forgetting(restore func()) {
	restore()
	s.resetRelationships()
}

// resetRelationships follows a rollback. The objects' columns are what
// the database holds again; their relationship fields are the program's
// and were not recorded, so what they say is no longer known: each
// collection becomes nil — not loaded; load it again to see it — and a
// many-to-one pointer that disagrees with its foreign key (a target the
// rollback forgot, or one the program pointed to since) becomes nil,
// leaving the key to decide, and one loaded without a target is no
// longer known to have none. The flush's baselines of loaded collections
// go with them, so a removal the rollback undid is not written later.
func (s *Session) resetRelationships() {
	clear(s.members)
	clear(s.links)
	clear(s.noTarget)
	for st := range s.objects.all() {
		rels, err := st.m.Relationships()
		if err != nil {
			continue
		}
		for _, r := range rels {
			fv := relField(st.obj, r)
			switch {
			case fv.Kind() == reflect.Slice:
				if !fv.IsNil() {
					fv.SetZero()
				}
			case r.Kind == mapper.ManyToOne && fv.Kind() == reflect.Pointer && !fv.IsNil():
				if !s.pointsByKey(st.m, st.obj, r, fv.Interface()) {
					fv.SetZero()
				}
			}
		}
	}
}

// restoreLayer puts back what an undo layer recorded: objects inserted
// are forgotten, objects updated or deleted get the state and values
// recorded. An object expunged since stays forgotten.
func (s *Session) restoreLayer(layer map[*state]txEntry) {
	for st, u := range layer {
		if s.objects.at(st.obj) != st {
			continue
		}
		if u.hasSnap {
			_ = st.m.Restore(st.obj, &u.snap)
			s.restoreColumns(st, u.fromRow, u.read) // loaded as they were with the snapshot
		} else {
			clearFilled(st, u.filled)
		}
		if cur, ok := s.ids.Get(st.key); ok && cur == st {
			s.ids.Delete(st.key)
		}
		if u.status == Pending {
			s.unhold(st.obj)
			st.status = Transient
			continue
		}
		st.snap, st.status, st.flushed = u.snap, Persistent, false
		st.key = keyOf(st.m, st.obj)
		s.ids.Put(st.key, st)
	}
}

// restoreUnflushed discards the changes no flush has written: pending
// objects are forgotten, unflushed deletions undone, persistent objects
// given back their snapshots. A flushed deletion is left to the undo
// layer that recorded it. What collections held at the last flush is
// no longer known: the next flush reads links from the database.
func (s *Session) restoreUnflushed() {
	clear(s.links)
	for st := range s.objects.all() {
		switch st.status {
		case Pending:
			s.unhold(st.obj)
			st.status = Transient
		case Deleted:
			if !st.flushed {
				st.status = Persistent
				_ = st.m.Restore(st.obj, &st.snap)
			}
		case Persistent:
			_ = st.m.Restore(st.obj, &st.snap)
		}
	}
}

// restoreNew undoes the inserts recorded in s.txNew from index from on:
// the objects the transaction (or the savepoint that began at from)
// inserted are forgotten, their generated columns cleared.
func (s *Session) restoreNew(from int) {
	for _, st := range s.txNew[from:] {
		st.newInTx = false
		if s.objects.at(st.obj) != st {
			continue // expunged since: left as it is
		}
		clearFilled(st, st.filled)
		st.filled, st.flushed = nil, false
		if cur, ok := s.ids.Get(st.key); ok && cur == st {
			s.ids.Delete(st.key)
		}
		s.unhold(st.obj)
		st.status = Transient
	}
	clear(s.txNew[from:])
	s.txNew = s.txNew[:from]
}

// commitNew ends the transaction's record of the objects it inserted.
func (s *Session) commitNew() {
	for _, st := range s.txNew {
		st.filled, st.newInTx = nil, false
	}
	clear(s.txNew)
	s.txNew = s.txNew[:0]
}
