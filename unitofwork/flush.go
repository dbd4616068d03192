package unitofwork

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"time"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/identity"
	"github.com/sqlforge/sqlforge/mapper"
)

// flush is one flush in progress.
type flush struct {
	s *Session
	// ctx is the context the flush's statements run under: the caller's,
	// then what the FlushHooks derived from it (a flush span's). caller
	// is the caller's, which the session's transaction begins under: the
	// transaction outlives the flush, so its span must not be the flush
	// span's child.
	ctx, caller context.Context

	undo map[*state]*mapper.Snapshot // values before the flush wrote into them
	// the work, by table
	work map[*expr.Table]*tableWork
	// done: states inserted, updated and deleted, for the bookkeeping
	inserted, updated, deleted []*state
	insertedIdx                map[*state]bool
	links                      map[*state][]parentLink // see parentsOf
	newLinks                   map[memberKey]map[identity.Key]bool
	statusUndo                 map[*state]State           // statuses the cascades changed
	preUpdate                  map[*state]mapper.Snapshot // snapshots before this flush's UPDATEs
	postKeys                   map[*expr.ForeignKey]bool  // see postUpdateKeys
	oldKeys                    map[*state]identity.Key    // keys before a natural key's UPDATE
	hardDelete                 map[*state]bool            // soft-deleted types deleted for real: a parent's cascade
	ev                         FlushEvent
	// commit: the flush is Commit's, with no transaction open; alone: it
	// is also a single statement, sent without one (see single.go); sent:
	// that statement has gone; committedAlone: and the database
	// committed it (it wrote; an UPDATE that matched no row did not).
	commit, alone, sent, committedAlone bool
}

// errNotAlone is a flush taken for one statement that turned out to need
// a second after the first was sent alone: single's promise broken. It
// cannot happen; if it did, the first statement is committed.
var errNotAlone = errors.New("unitofwork: internal error: a flush sent as one statement has a second")

// together gives up sending the flush alone, before anything was sent:
// the transaction is begun and the statements go in it.
func (f *flush) together() error {
	if f.sent {
		return errNotAlone
	}
	f.alone = false
	return f.begin()
}

type tableWork struct {
	m          *mapper.Model
	inserts    []*state // in add order
	persistent []*state // in load order: checked for changes
	deletes    []*state
	// hard: deletes of a soft-deleted type deleted for real (a parent's
	// cascade), rows already marked included.
	hard bool
}

// touch remembers st's values before the flush first writes into it.
func (f *flush) touch(st *state) {
	if _, ok := f.undo[st]; ok {
		return
	}
	snap := new(mapper.Snapshot)
	_ = st.m.Snapshot(st.obj, snap) // st.obj's type is st.m's
	f.undo[st] = snap
}

// Flush writes the session's changes — INSERTs of pending objects,
// UPDATEs of the changed columns of persistent ones, DELETEs of deleted
// ones — in foreign-key order, in the session's transaction, which it
// begins if none is open. A failed flush rolls the transaction back,
// restores the objects to what they held before it, and leaves the
// session refusing work until Rollback.
func (s *Session) Flush(ctx context.Context) error {
	if err := s.ready(); err != nil {
		return err
	}
	defer s.leave()
	return s.flush(ctx, false)
}

func (s *Session) flush(ctx context.Context, auto bool) error {
	return s.flushAs(ctx, auto, false)
}

// flushAs is flush; commit is set for Commit's flush with no transaction
// open, which may then send a single statement without one.
func (s *Session) flushAs(ctx context.Context, auto, commit bool) error {
	for round := 1; ; round++ {
		added, err := s.flushRoundSafe(ctx, auto, commit, round)
		if err != nil && round > 1 && s.failed == nil {
			// The rounds before wrote in the transaction: a failure
			// before this round's statements fails them too.
			s.failed = err
			s.abortTx(ctx)
		}
		if err != nil || !added {
			return err
		}
		if round == maxFlushRounds {
			err := errors.New("unitofwork: AfterFlush events kept adding objects for " + itoa(maxFlushRounds) + " rounds")
			s.failed = err
			s.abortTx(ctx)
			return &FlushError{Autoflush: auto, Err: err}
		}
		commit = false // the round before opened the transaction
	}
}

// panicked cleans up after a panic in a hook or a driver once the
// flush's statements began, before the panic goes on: a statement sent
// alone is committed, so the flush is finished as one that succeeded;
// otherwise it is undone as for an error and the session refuses work
// until Rollback.
func (f *flush) panicked() {
	s := f.s
	if f.alone && f.committedAlone {
		f.finish()
		s.committed()
		return
	}
	// Marked first: the undo below may panic too.
	s.failed = errFlushPanicked
	if f.alone {
		s.rolledBack = true // a failed Commit of one statement, as on the error path
	}
	f.fail()
}

// errFlushPanicked is what a session refuses work with after a panic in
// the middle of a flush, until Rollback.
var errFlushPanicked = errors.New("unitofwork: a flush panicked")

// flushRoundSafe is flushRound for round of a flush: a panic in a round
// after the first — whose rounds before wrote in the transaction — fails
// the flush and aborts the transaction before it goes on.
func (s *Session) flushRoundSafe(ctx context.Context, auto, commit bool, round int) (bool, error) {
	if round > 1 {
		defer func() {
			if p := recover(); p != nil {
				if s.failed == nil {
					s.failed = errFlushPanicked
					s.abortTx(ctx)
				}
				panic(p)
			}
		}()
	}
	return s.flushRound(ctx, auto, commit)
}

// maxFlushRounds bounds the flushes one flush runs for objects its
// AfterFlush events add.
const maxFlushRounds = 10

// flushRound is one flush; added reports that AfterFlush events added
// objects, for another round in the same transaction.
func (s *Session) flushRound(ctx context.Context, auto, commit bool) (added bool, err error) {
	if s.objects.len() == 0 {
		return false, nil // nothing to write: the usual autoflush of a fresh session
	}
	if len(s.cfg.events) > 0 {
		if err := s.beforeFlush(ctx); err != nil {
			return false, &FlushError{Autoflush: auto, Err: err}
		}
	}
	if err := s.cascadeAdd(); err != nil {
		return false, &FlushError{Autoflush: auto, Err: err}
	}
	ctx = s.marked(ctx)
	f := &flush{s: s, ctx: ctx, caller: ctx, undo: map[*state]*mapper.Snapshot{}, work: map[*expr.Table]*tableWork{},
		newLinks: map[memberKey]map[identity.Key]bool{}, statusUndo: map[*state]State{},
		preUpdate: map[*state]mapper.Snapshot{}, oldKeys: map[*state]identity.Key{}}
	f.ev.Autoflush = auto
	f.commit = commit
	started := false // the statements began
	defer func() {
		if p := recover(); p != nil {
			// A hook or a driver panicked: put back what the flush
			// changed, as an error would, then let the panic go on.
			if started {
				f.panicked()
			} else {
				f.restore()
			}
			panic(p)
		}
	}()
	if err := f.prepare(); err != nil {
		f.restore() // nothing was written: the transaction stays as it was
		return false, &FlushError{Autoflush: auto, Err: err}
	}
	if !f.anything() {
		f.restore() // undo foreign keys synced for nothing
		return false, nil
	}
	if err := f.beforeHooks(); err != nil {
		f.restore() // nothing was written
		return false, &FlushError{Autoflush: auto, Err: err}
	}
	for _, h := range s.cfg.hooks {
		f.ctx = h.BeforeFlush(f.ctx)
	}
	start := time.Now()
	started = true
	err = f.run()
	if err == nil {
		err = f.afterHooks()
	}
	var more []any
	if err == nil && len(s.cfg.events) > 0 {
		more, err = f.afterFlush()
	}
	f.ev.Duration, f.ev.Err = time.Since(start), forHooks(s.e, err)
	for _, h := range s.cfg.hooks {
		h.AfterFlush(f.ctx, &f.ev)
	}
	if err != nil {
		f.fail()
		s.failed = err
		if f.alone {
			s.rolledBack = true // a failed Commit of one statement: a rollback to announce
		}
		return false, &FlushError{Autoflush: auto, Err: err}
	}
	f.finish()
	return len(more) > 0, nil
}

// prepare applies the delete and delete-orphan cascades and sorts the
// work, before any write.
func (f *flush) prepare() error {
	if err := f.cascadeDeletes(); err != nil {
		return err
	}
	if err := f.orphans(); err != nil {
		return err
	}
	return f.collect()
}

// setStatus changes st's status, remembering the old one for a failure.
func (f *flush) setStatus(st *state, status State) {
	if _, ok := f.statusUndo[st]; !ok {
		f.statusUndo[st] = st.status
	}
	st.status = status
}

// drop forgets a pending object the cascades decided never to insert.
func (f *flush) drop(st *state) {
	f.setStatus(st, st.status)
	f.s.unhold(st.obj)
}

// begin opens the session's transaction if none is open.
func (f *flush) begin() error {
	if f.s.tx != nil {
		return nil
	}
	tx, err := f.s.e.Begin(f.caller, engine.TxOptions{})
	if err != nil {
		return err
	}
	f.s.tx = tx
	return nil
}

// sortedObjects returns the session's objects in the order they were
// added or loaded (see Session.ordered).
func (f *flush) sortedObjects() []*state { return f.s.ordered() }

// collect sorts the session's objects into per-table work, in add order.
func (f *flush) collect() error {
	for _, st := range f.sortedObjects() {
		tw := f.work[st.m.Table()]
		if tw == nil {
			tw = &tableWork{m: st.m}
			f.work[st.m.Table()] = tw
		}
		switch st.status {
		case Pending:
			tw.inserts = append(tw.inserts, st)
		case Persistent:
			tw.persistent = append(tw.persistent, st)
		case Deleted:
			if !st.flushed {
				tw.deletes = append(tw.deletes, st)
			}
		}
	}
	// A new object with the key of one the session holds would fail at
	// the database; refuse it before anything is written.
	for _, tw := range f.work {
		for _, st := range tw.inserts {
			if anyGeneratedKey(st) {
				continue
			}
			if other, ok := f.s.ids.Get(keyOf(st.m, st.obj)); ok && other != st {
				return &ObjectError{Type: st.m.Type().String(),
					Reason: "a new object has the primary key of an object the session holds; Merge it instead"}
			}
		}
	}
	return nil
}

// anyGeneratedKey reports whether st's key is left to the database.
func anyGeneratedKey(st *state) bool {
	for _, i := range st.m.PrimaryKey() {
		if st.m.Generated(i) && st.m.IsZero(st.obj, i) {
			return true
		}
	}
	return false
}

// anything reports whether the flush has work: rows to insert or delete,
// or a persistent object whose columns changed once the foreign keys of
// its relationships are synchronized.
func (f *flush) anything() bool {
	for _, tw := range f.work {
		if len(tw.inserts) > 0 || len(tw.deletes) > 0 {
			return true
		}
	}
	if f.linksChanged() {
		return true
	}
	var changed []int
	for _, tw := range f.work {
		if err := f.syncTable(tw, tw.persistent); err != nil {
			return true // run, and fail there
		}
		for _, st := range tw.persistent {
			changed, _ = st.m.Changed(changed[:0], st.obj, &st.snap)
			if len(updatable(st.m, changed)) > 0 {
				return true
			}
		}
	}
	return false
}

// updatable keeps the columns an UPDATE writes: updatable ones and the
// key (a natural key's change).
func updatable(m *mapper.Model, changed []int) []int {
	return slices.DeleteFunc(changed, func(i int) bool {
		return !m.Updatable(i) && !slices.Contains(m.PrimaryKey(), i)
	})
}

// run sends the statements: per table in foreign-key order, the INSERTs
// then the UPDATEs; then the DELETEs, in the reverse order.
func (f *flush) run() error {
	order, err := tableOrder(f.work, f.postUpdateKeys())
	if err != nil {
		return err
	}
	if f.commit && f.s.tx == nil && f.single(order) {
		f.alone = true
	} else if err := f.begin(); err != nil {
		return err
	}
	for _, tw := range order {
		if err := f.insertTable(tw); err != nil {
			return err
		}
		if err := f.syncTable(tw, tw.persistent); err != nil {
			return err
		}
		if err := f.updateAll(tw.persistent); err != nil {
			return err
		}
	}
	if err := f.postUpdates(order); err != nil {
		return err
	}
	if err := f.writeLinks(); err != nil {
		return err
	}
	if err := f.unsetPostUpdates(order); err != nil {
		return err
	}
	for _, tw := range order {
		for _, st := range tw.deletes {
			if err := f.unlinkAll(st); err != nil {
				return err
			}
		}
	}
	for _, tw := range slices.Backward(order) {
		if err := f.deleteTable(tw); err != nil {
			return err
		}
	}
	return nil
}

// count adds one row of table to a count map of the event.
func count(m *map[string]int, table string, n int) {
	if *m == nil {
		*m = map[string]int{}
	}
	(*m)[table] += n
}

// deleteTable sends the DELETEs of a table's deleted objects, children
// before parents where the table refers to itself. Rows of a table with a
// one-column key, no version column and no reference to itself go in
// DELETE ... WHERE key IN (...) statements, as many keys to one as the
// parameter limit allows; the others one row at a time, so that a
// version is checked per row and a tree is deleted leaves first on
// databases that check foreign keys row by row (MySQL).
func (f *flush) deleteTable(tw *tableWork) error {
	if len(tw.deletes) == 0 {
		return nil
	}
	m := tw.m
	t := m.Table()
	if sd := m.SoftDelete(); sd >= 0 {
		var hard []*state
		soft := tw.deletes[:0:0]
		for _, st := range tw.deletes {
			if f.hardDelete[st] {
				hard = append(hard, st)
			} else {
				soft = append(soft, st)
			}
		}
		if err := f.softDelete(tw, soft, sd); err != nil || len(hard) == 0 {
			return err
		}
		tw = &tableWork{m: m, deletes: hard, hard: true} // the rest as any type's, marked rows included
	}
	if ver := m.Version(); ver < 0 && len(m.PrimaryKey()) == 1 && len(selfForeignKeys(t)) == 0 {
		return f.deleteByKeys(tw)
	}
	dels, err := selfDeleteOrder(tw)
	if err != nil {
		return err
	}
	ver := m.Version()
	stmts := make([]expr.Statement, len(dels))
	for i, st := range dels {
		where := keyWhere(m, st.key)
		if ver >= 0 {
			where = append(where, t.Columns[ver].Eq(m.FieldValue(st.obj, ver)))
		}
		stmts[i] = expr.Delete(t).Where(append(where, f.s.criteriaOf(m, tw.hard)...)...)
	}
	results, err := f.s.tx.ExecMany(f.ctx, stmts)
	if err != nil {
		return err
	}
	for i, st := range dels {
		if ver >= 0 && results[i].RowsAffected == 0 {
			return &mapper.StaleError{Table: t.Name, Version: toInt64(m.FieldValue(st.obj, ver))}
		}
		f.deleted = append(f.deleted, st)
	}
	count(&f.ev.Deletes, t.Name, len(dels))
	return nil
}

// deleteByKeys deletes a table's rows by their one-column keys, in
// chunks under the parameter limit.
func (f *flush) deleteByKeys(tw *tableWork) error {
	t := tw.m.Table()
	kc := t.Columns[tw.m.PrimaryKey()[0]]
	chunk := max(1, min(maxDeleteKeys, f.s.e.Dialect().MaxParams()))
	for start := 0; start < len(tw.deletes); start += chunk {
		part := tw.deletes[start:min(start+chunk, len(tw.deletes))]
		keys := make([]any, len(part))
		for i, st := range part {
			keys[i] = st.key.Value(0)
		}
		if _, err := f.s.tx.Exec(f.ctx, expr.Delete(t).Where(append([]expr.Expr{kc.In(keys...)}, f.s.criteriaOf(tw.m, tw.hard)...)...)); err != nil {
			return err
		}
		f.deleted = append(f.deleted, part...)
	}
	count(&f.ev.Deletes, t.Name, len(tw.deletes))
	return nil
}

// maxDeleteKeys caps the keys of one DELETE ... IN, so that statements
// of different sizes stay few (each size is a statement the compiler
// and the server cache).
const maxDeleteKeys = 500

// toInt64 reads an integer version or key value of any integer Go type,
// named or through a pointer (0 for nil).
func toInt64(v any) int64 {
	rv := reflect.ValueOf(deref(v))
	switch {
	case rv.CanInt():
		return rv.Int()
	case rv.CanUint():
		return int64(rv.Uint())
	}
	return 0
}

// fail restores the objects the failed flush wrote into and rolls the
// transaction back, or only its innermost savepoint.
func (f *flush) fail() {
	f.restore()
	f.s.abortTx(f.ctx)
}

// restore puts back the values and statuses the flush changed.
func (f *flush) restore() {
	for st, snap := range f.undo {
		_ = st.m.Restore(st.obj, snap)
	}
	for st, status := range f.statusUndo {
		st.status = status
		if f.s.objects.at(st.obj) != st {
			_ = f.s.hold(st) // dropped by this flush: still unclaimed
		}
	}
	for st, snap := range f.preUpdate {
		st.snap = snap
	}
	for st, old := range f.oldKeys {
		st.key = old
	}
	for _, st := range f.inserted {
		if f.undo[st] == nil {
			clearFilled(st, st.filled)
		}
		st.filled = nil
		st.snap, st.key = mapper.Snapshot{}, identity.Key{}
	}
}

// finish moves the flushed objects to their new states and snapshots.
func (f *flush) finish() {
	s := f.s
	remember := func(st *state, status State, snap *mapper.Snapshot) {
		// An object inserted in this layer (transaction or savepoint) is
		// undone by clearing what the insert filled; one inserted in an
		// enclosing layer gets an entry here like any other.
		if st.newInTx && st.newIdx >= s.newStart() {
			return
		}
		if _, ok := s.txUndo[st]; !ok {
			if s.txUndo == nil {
				s.txUndo = map[*state]txEntry{}
			}
			s.txUndo[st] = txEntry{status: status, snap: *snap, hasSnap: true, fromRow: st.fromRow, read: s.readColumns(st)}
		}
	}
	for i := 0; i < len(f.inserted); {
		j := i + 1
		for j < len(f.inserted) && f.inserted[j].m == f.inserted[i].m {
			j++
		}
		if intKeyed(f.inserted[i].m) {
			s.ids.Reserve(f.inserted[i].m.Type(), j-i)
		}
		i = j
	}
	for _, st := range f.inserted {
		if snap := f.undo[st]; snap != nil {
			remember(st, Pending, snap)
			st.filled = nil
		} else {
			st.newInTx, st.newIdx = true, len(s.txNew)
			s.txNew = append(s.txNew, st) // st.filled stays until the transaction ends
		}
		st.status = Persistent
		s.ids.Put(st.key, st) // key and snapshot were taken at the insert (or a post-update)
	}
	for _, st := range f.updated {
		if f.insertedSet()[st] {
			continue // a post-update of a row this flush inserted
		}
		old := f.preUpdate[st]
		remember(st, Persistent, &old)
		_ = st.m.Snapshot(st.obj, &st.snap)
	}
	for st, old := range f.oldKeys {
		if cur, ok := s.ids.Get(old); ok && cur == st {
			s.ids.Delete(old)
		}
		s.ids.Put(st.key, st)
	}
	for _, st := range f.deleted {
		remember(st, Persistent, &st.snap)
		st.flushed = true
		s.ids.Delete(st.key)
	}
	if len(f.newLinks) > 0 && s.links == nil {
		s.links = map[memberKey]map[identity.Key]bool{}
	}
	for key, set := range f.newLinks {
		s.links[key] = set
	}
	for key := range s.links {
		if key.parent.status != Persistent {
			delete(s.links, key)
		}
	}
	s.rememberMembers()
}

// clearFilled sets the columns an INSERT filled back to their zero
// values: a new object's generated key, server defaults.
func clearFilled(st *state, cols []int) {
	for _, i := range cols {
		_ = st.m.SetField(st.obj, i, nil)
	}
}
