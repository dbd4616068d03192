package unitofwork

import (
	"context"
	"reflect"
	"sync/atomic"
	"weak"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/identity"
	"github.com/sqlforge/sqlforge/mapper"
)

// State is where an object stands with respect to a session.
type State uint8

const (
	// Transient: unknown to the session (a new struct, or one the session
	// forgot before it was ever written).
	Transient State = iota
	// Pending: added, to be inserted by the next flush.
	Pending
	// Persistent: has a row, and is the session's object for it.
	Persistent
	// Deleted: marked for deletion, or deleted by a flush whose
	// transaction has not committed.
	Deleted
	// Detached: had a row in this session, which has since forgotten it
	// (Expunge, Close, or a commit of its deletion).
	Detached
)

func (s State) String() string {
	switch s {
	case Transient:
		return "transient"
	case Pending:
		return "pending"
	case Persistent:
		return "persistent"
	case Deleted:
		return "deleted"
	case Detached:
		return "detached"
	}
	return "State(" + itoa(int(s)) + ")"
}

// Session is a unit of work: the objects read and written through it,
// one per row, and the changes to them that the next flush writes. Make
// one per request or job with New, and Close it.
//
// A Session is for one goroutine. Using it from two at once returns
// ErrConcurrentUse from the call that overlaps, rather than racing.
type Session struct {
	e    *engine.Engine
	reg  *mapper.Registry
	cfg  config
	busy atomic.Bool
	self weak.Pointer[Session] // how the owner registry names it
	// epoch goes up when the session lets go of every object at once:
	// owner registry entries of an earlier epoch name no one.
	epoch   atomic.Uint64
	holding *atomic.Bool // whether it may have live entries: see watchOwner
	entries int          // owner registry entries made in this epoch
	// rolledBack: a transaction ended in a rollback (a failed flush or
	// COMMIT) whose AfterRollback events have not run.
	rolledBack bool

	tx         *engine.Tx
	mark       engine.WriteMark                    // the writes its reads must see; see readwrites.go
	objects    objectSet                           // every object the session holds
	ids        identity.Map[*state]                // persistent and deleted objects by key
	seq        int                                 // add order
	seqAtReset int                                 // seq at the last reset: how much the session held since
	failed     error                               // a failed flush: Rollback before more work
	txUndo     map[*state]txEntry                  // what the transaction (innermost savepoint) changed
	txNew      []*state                            // inserted by the transaction without a snapshot: their filled columns are cleared on rollback
	nested     []*Nested                           // open nested transactions, innermost last
	gone       map[any]struct{}                    // objects the session detached
	discarded  map[any]struct{}                    // pending objects deleted: never inserted, not even by a cascade
	states     []state                             // the unused rest of newState's block
	sorted     []*state                            // objects in add order; nil when the set changed (see ordered)
	links      map[memberKey]map[identity.Key]bool // many-to-many targets at the last flush
	members    map[memberKey]map[*state]bool       // delete-orphan collections as last seen
	colsRead   map[colKey]struct{}                 // deferred columns loaded since the row was read
	noTarget   map[memberKey]any                   // many-to-ones loaded without a target: the key seen (see foundNone)
}

// state is the session's record of one object. (The one-byte fields
// come last: a session holds one per object.)
type state struct {
	obj   any
	m     *mapper.Model
	key   identity.Key // set while persistent or deleted
	snap  mapper.Snapshot
	order int // when it was added or loaded
	// filled, for an object inserted by the running flush: the columns
	// its INSERT filled (generated values, a first version), shared by
	// its batch; clearing them undoes the insert in the object.
	filled []int
	newIdx int // its index in txNew
	status State
	// flushed, for a deleted object: the DELETE has been sent.
	flushed bool
	// newInTx: inserted by the open transaction and listed in txNew;
	// its rollback forgets the object, whatever happened to it since.
	newInTx bool
	// strict: returned (or reached) by a Strict query; see strict.go.
	strict bool
	// fromRow: its values came from a SELECT that left the deferred
	// columns out; see columnLoaded.
	fromRow bool
}

// txEntry is an object's state when the transaction first changed it:
// its values as a snapshot, or — for a new object the flush only gave
// generated values, which is most of them — the columns to clear.
type txEntry struct {
	status  State
	snap    mapper.Snapshot
	hasSnap bool
	filled  []int // columns the INSERT filled: cleared again on rollback
	// With the snapshot, which of its deferred columns hold the row's
	// values (see columnLoaded): fromRow, and the columns loaded.
	fromRow bool
	read    []int
}

// New returns a Session that runs its statements on e and finds the
// mappings of the objects it is given in models.
func New(e *engine.Engine, models *mapper.Registry, opts ...Option) *Session {
	s := &Session{e: e, reg: models, cfg: config{autoflush: true}}
	s.watchOwner()
	for _, o := range opts {
		o.apply(&s.cfg)
	}
	s.reset()
	return s
}

func (s *Session) reset() {
	// A small session's maps are kept for its next use (a session per
	// request is often empty or holds a few objects); the maps of one
	// that held more since the last reset are dropped — cleared maps
	// keep their size — so that their memory goes with the objects.
	// Maps are made when first written: a session that only reads by
	// key, or holds nothing, makes none of them.
	small := s.seq-s.seqAtReset <= smallSession
	s.seqAtReset = s.seq
	if small {
		s.objects.reset(true)
		clear(s.links)
		clear(s.members)
		clear(s.colsRead)
		clear(s.noTarget)
		clear(s.txUndo)
		clear(s.sorted)
		s.sorted = s.sorted[:0]
		s.ids.Clear()
	} else {
		s.objects.reset(false)
		s.links, s.members, s.txUndo, s.colsRead = nil, nil, nil, nil
		s.noTarget = nil
		s.sorted = []*state{}
		s.ids = identity.Map[*state]{}
	}
	s.states = nil // the rest of a block keeps the block, and its states' objects, alive
}

// smallSession is the most objects whose maps reset keeps.
const smallSession = 64

// stateBlock is how many state records newState allocates at once: a
// session that loads or adds thousands of objects pays one allocation
// per block, not per object.
const stateBlock = 64

// newState returns a zero state record from the session's current block.
func (s *Session) newState() *state {
	if len(s.states) == 0 {
		// Blocks grow with the session: one object costs one small
		// block, thousands cost one allocation per 64.
		s.states = make([]state, min(stateBlock, max(4, s.seq)))
	}
	st := &s.states[0]
	s.states = s.states[1:]
	return st
}

// reserveStates makes room for n more state records in one block, when a
// call knows it brings several objects (the rows of a query, the objects
// of one Add); one at a time, newState's growing blocks do better.
func (s *Session) reserveStates(n int) {
	if n > 1 && len(s.states) < n {
		s.states = make([]state, n)
	}
}

// enter marks the session in use for the length of one call; the call
// returns its error if another goroutine is inside.
func (s *Session) enter() error {
	if !s.busy.CompareAndSwap(false, true) {
		return ErrConcurrentUse
	}
	return nil
}

func (s *Session) leave() { s.busy.Store(false) }

// ready is enter for calls that need a session without a failed flush.
func (s *Session) ready() error {
	if err := s.enter(); err != nil {
		return err
	}
	if s.failed != nil {
		s.leave()
		return &NeedsRollbackError{Err: s.failed}
	}
	return nil
}

// model returns the mapping of obj, a pointer to a mapped struct.
func (s *Session) model(obj any) (*mapper.Model, error) {
	t := reflect.TypeOf(obj)
	if t == nil || t.Kind() != reflect.Pointer {
		return nil, &ObjectError{Type: typeName(t), Reason: "not a pointer to a mapped struct"}
	}
	m := s.reg.Model(t.Elem())
	if m == nil {
		return nil, &ObjectError{Type: typeName(t), Reason: "type is not mapped in the session's registry"}
	}
	if err := m.Check(obj); err != nil {
		return nil, &ObjectError{Type: typeName(t), Reason: "nil pointer"}
	}
	if err := identity.CheckKeyColumns(len(m.PrimaryKey())); err != nil {
		return nil, &ObjectError{Type: typeName(t), Reason: err.Error()}
	}
	return m, nil
}

func typeName(t reflect.Type) string {
	if t == nil {
		return "<nil>"
	}
	return t.String()
}

// Add puts objs, pointers to mapped structs, into the session: a
// transient object becomes pending and is inserted by the next flush,
// with the objects its relationships reach (the save-update cascade,
// applied at flush). Adding an object the session already holds does
// nothing, and adding one it deleted before the flush un-deletes it.
func (s *Session) Add(objs ...any) error {
	if err := s.ready(); err != nil {
		return err
	}
	defer s.leave()
	s.reserveStates(len(objs))
	for _, obj := range objs {
		if _, err := s.add(obj); err != nil {
			return err
		}
	}
	return nil
}

// add makes obj pending unless the session holds it already.
func (s *Session) add(obj any) (*state, error) {
	if st, ok := s.objects.get(obj); ok {
		if st.status == Deleted && !st.flushed {
			st.status = Persistent
		}
		return st, nil
	}
	m, err := s.model(obj)
	if err != nil {
		return nil, err
	}
	if _, ok := s.gone[obj]; ok {
		return nil, &ObjectError{Type: m.Type().String(), Reason: "object is detached; Merge it into the session instead"}
	}
	delete(s.discarded, obj) // added again explicitly
	s.seq++
	st := s.newState()
	*st = state{obj: obj, m: m, status: Pending, order: s.seq}
	if err := s.hold(st); err != nil {
		return nil, err
	}
	return st, nil
}

// Delete marks obj, a persistent object, for deletion by the next flush.
// Deleting a pending object forgets it: it is never inserted.
func (s *Session) Delete(obj any) error {
	if err := s.ready(); err != nil {
		return err
	}
	defer s.leave()
	st, ok := s.objects.get(obj)
	if !ok {
		if _, err := s.model(obj); err != nil {
			return err
		}
		return &ObjectError{Type: reflect.TypeOf(obj).String(), Reason: "object is not in the session"}
	}
	switch st.status {
	case Pending:
		s.unhold(obj)
		if s.discarded == nil {
			s.discarded = map[any]struct{}{}
		}
		s.discarded[obj] = struct{}{} // the cascade must not add it back
	case Persistent:
		st.status = Deleted
	}
	return nil
}

// State reports obj's state in the session.
func (s *Session) State(obj any) (State, error) {
	if err := s.enter(); err != nil {
		return Transient, err
	}
	defer s.leave()
	if st, ok := s.objects.get(obj); ok {
		return st.status, nil
	}
	if _, ok := s.gone[obj]; ok {
		return Detached, nil
	}
	return Transient, nil
}

// Expunge makes the session forget obj: a pending object becomes
// transient, a persistent or deleted one detached. Its unflushed changes
// are not written.
func (s *Session) Expunge(obj any) error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.leave()
	if st, ok := s.objects.get(obj); ok {
		s.forget(st)
	}
	return nil
}

// forget removes st from the session, detaching it when it had a row.
func (s *Session) forget(st *state) {
	s.unhold(st.obj)
	if st.status == Persistent || st.status == Deleted {
		if cur, ok := s.ids.Get(st.key); ok && cur == st {
			s.ids.Delete(st.key)
		}
		if s.gone == nil {
			s.gone = map[any]struct{}{}
		}
		s.gone[st.obj] = struct{}{}
	}
	// States are allocated in blocks (see newState), which the records
	// of other objects keep alive: the record lets go of its object and
	// snapshot. What may still refer to st (an undo layer, a
	// delete-orphan base) checks first that the set holds st.obj as st.
	*st = state{}
}

// dropRecords forgets what the session recorded about obj's fields (its
// deferred columns loaded, its many-to-ones loaded without a target), as
// obj leaves it.
func (s *Session) dropRecords(obj any) {
	if len(s.colsRead) == 0 && len(s.noTarget) == 0 {
		return
	}
	if st, ok := s.objects.get(obj); ok {
		s.forgetColumns(st)
		s.forgetNone(st)
	}
}

// ExpungeAll forgets every object, as Expunge does.
func (s *Session) ExpungeAll() error {
	if err := s.enter(); err != nil {
		return err
	}
	defer s.leave()
	s.expungeAll(true)
	return nil
}

func (s *Session) expungeAll(detach bool) {
	if detach {
		if s.gone == nil {
			s.gone = make(map[any]struct{}, s.objects.len())
		}
		for st := range s.objects.all() {
			if st.status == Persistent || st.status == Deleted {
				s.gone[st.obj] = struct{}{}
			}
		}
	}
	s.releaseAll()
	s.reset()
}

// Close rolls back the open transaction, if any, releasing its
// connection, puts back what that transaction wrote into the objects (no
// object keeps the key of a row that was rolled back; unflushed changes
// stay in the objects), and forgets every object — also that it ever
// held them: adding one again adds it as new. The session can be used
// again afterwards, empty.
func (s *Session) Close() error {
	if err := s.enter(); err != nil {
		return err
	}
	rolledBack := s.tx != nil || s.rolledBack
	err := s.close()
	s.rolledBack = false
	s.leave()
	if rolledBack {
		s.afterTx(context.Background(), false)
	}
	return err
}

func (s *Session) close() error {
	s.endAllNested()
	var err error
	if s.tx != nil {
		err = s.tx.Rollback(context.Background())
		s.tx = nil
	}
	// What the rolled-back transaction wrote into the objects (generated
	// keys, bumped versions) is put back; unflushed changes stay, as
	// the objects leave the session with them.
	s.restoreLayer(s.txUndo)
	clear(s.txUndo)
	s.restoreNew(0)
	s.failed = nil
	s.expungeAll(false)
	clear(s.gone)
	clear(s.discarded)
	return err
}

// Len returns the number of objects the session holds.
func (s *Session) Len() (int, error) {
	if err := s.enter(); err != nil {
		return 0, err
	}
	defer s.leave()
	return s.objects.len(), nil
}
