package unitofwork

import (
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"weak"
)

// An object belongs to at most one session at a time, as in SQLAlchemy:
// adding an object another live session holds is an error, since two
// sessions flushing one struct would each write the other's changes.
// Go objects carry no session field, so ownership is kept here, in maps
// keyed by address, sharded to keep sessions on different goroutines
// from contending.
//
// An object the session takes one at a time (Add, a cascade) has an
// entry of its own, keyed by its address and type. The rows of a query,
// which the session has just allocated, mostly lie end to end in memory
// (the mapper allocates them in blocks): they are claimed a run at a
// time, one entry for up to 64 objects of one type at consecutive
// addresses, filed under each memory page it touches and found from any
// object's address, with a bit per object that Expunge clears. Loading
// 5,000 rows makes a few hundred entries, not 5,000: ownership was a
// third of the cost of loading relationships with one entry per object.
//
// An entry names the session weakly and with the session's epoch at the
// time: ExpungeAll and Close end the ownership of everything the session
// held by moving to the next epoch, without visiting each entry. An entry
// whose session is gone or has moved on names no one and is taken over;
// such entries are swept away in the background once there are many. A
// session holds its objects strongly, so an address cannot be reused
// while an entry for it is live.

const ownerShards = 64

// runPageShift sets the page size runs are filed under (8 KiB); an
// object's shard is its page's, so that its own entry and the runs that
// may hold it are found under one lock.
const runPageShift = 13

// maxRun is the most objects one run entry holds: a bit each in held.
const maxRun = 64

type ownerShard struct {
	mu   sync.Mutex
	m    map[ownerKey]owner
	runs map[uintptr][]*ownedRun // by page: address >> runPageShift
}

// ownerKey is an object's address and type: a mapped struct embedded
// first in another shares its address, and is another object.
type ownerKey struct {
	addr uintptr
	typ  reflect.Type
}

// owner is the session an entry names, and its epoch then.
type owner struct {
	s     weak.Pointer[Session]
	epoch uint64
}

// live reports whether o still names a session: one not collected that
// has not expunged everything since.
func (o owner) live() bool {
	s := o.s.Value()
	return s != nil && s.epoch.Load() == o.epoch
}

// ownedRun is the entry of n objects of type typ (pointers to structs
// of size bytes) lying end to end from address start, claimed together
// by o. Only held changes once the run is filed: a run filed under
// pages of several shards is read under different locks.
type ownedRun struct {
	start, size, n uintptr
	typ            reflect.Type
	o              owner
	held           atomic.Uint64 // bit i: object i is still o's
}

// index returns which of r's objects k is, if it is one of them.
func (r *ownedRun) index(k ownerKey) (uint, bool) {
	if k.typ != r.typ || k.addr < r.start {
		return 0, false
	}
	off := k.addr - r.start
	if i := off / r.size; i < r.n && off%r.size == 0 {
		return uint(i), true
	}
	return 0, false
}

// gone reports whether r names no one any more.
func (r *ownedRun) gone() bool { return r.held.Load() == 0 || !r.o.live() }

var owners [ownerShards]ownerShard

// disowned counts entries left behind by ExpungeAll and Close since the
// last sweep; sweeping is set while a sweep runs.
var (
	disowned atomic.Int64
	sweeping atomic.Bool
)

// sweepAfter is how many entries may be left behind before a sweep.
const sweepAfter = 1 << 16

func ownerKeyOf(obj any) ownerKey {
	return ownerKey{reflect.ValueOf(obj).Pointer(), reflect.TypeOf(obj)}
}

func shardOfPage(page uintptr) *ownerShard { return &owners[page%ownerShards] }

func shardOf(k ownerKey) *ownerShard { return shardOfPage(k.addr >> runPageShift) }

// ownerOf returns the live owner of the object at k: its own entry's,
// else that of a run still holding it. The caller holds sh's lock.
func (sh *ownerShard) ownerOf(k ownerKey) (owner, bool) {
	if o, ok := sh.m[k]; ok && o.live() {
		return o, true
	}
	for _, r := range sh.runs[k.addr>>runPageShift] {
		if i, ok := r.index(k); ok && r.held.Load()&(1<<i) != 0 && r.o.live() {
			return r.o, true
		}
	}
	return owner{}, false
}

// me is the entry naming s now.
func (s *Session) me() owner { return owner{s.self, s.epoch.Load()} }

// claim makes s the owner of obj, unless another live session owns it.
func (s *Session) claim(obj any) error {
	a := ownerKeyOf(obj)
	sh := shardOf(a)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if cur, ok := sh.ownerOf(a); ok && cur.s != s.self {
		return &ObjectError{Type: reflect.TypeOf(obj).String(), Reason: "object is already in another session; Expunge it there or Merge it here"}
	}
	if sh.m == nil {
		sh.m = map[ownerKey]owner{}
	}
	sh.m[a] = s.me()
	s.entries++
	s.owning()
	return nil
}

// release ends s's ownership of obj, whichever entry records it.
func (s *Session) release(obj any) {
	a := ownerKeyOf(obj)
	sh := shardOf(a)
	me := s.me()
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.m[a] == me {
		delete(sh.m, a)
	}
	for _, r := range sh.runs[a.addr>>runPageShift] {
		if i, ok := r.index(a); ok && r.o == me {
			r.held.And(^(1 << i))
		}
	}
}

// releaseAll ends s's ownership of every object at once, by moving s to
// its next epoch; the entries are swept later.
func (s *Session) releaseAll() {
	s.epoch.Add(1)
	s.holding.Store(false)
	n := s.entries
	s.entries = 0
	if disowned.Add(int64(n)) >= sweepAfter && sweeping.CompareAndSwap(false, true) {
		go func() {
			defer sweeping.Store(false)
			sweepOwners()
		}()
	}
}

// sweepOwners removes the entries that name no one. It runs when many
// have been left behind, and when a session is collected without Close.
func sweepOwners() {
	disowned.Store(0)
	for i := range owners {
		sh := &owners[i]
		sh.mu.Lock()
		for a, o := range sh.m {
			if !o.live() {
				delete(sh.m, a)
			}
		}
		for page, rs := range sh.runs {
			if rs = liveRuns(rs); len(rs) == 0 {
				delete(sh.runs, page)
			} else {
				sh.runs[page] = rs
			}
		}
		sh.mu.Unlock()
	}
}

// liveRuns drops from rs, in place, the runs that name no one.
func liveRuns(rs []*ownedRun) []*ownedRun {
	out := rs[:0]
	for _, r := range rs {
		if !r.gone() {
			out = append(out, r)
		}
	}
	clear(rs[len(out):])
	return out
}

// watchOwner arranges for s's entries to be swept if s is collected
// while it holds objects; a session closed before it was dropped has
// nothing to sweep.
func (s *Session) watchOwner() {
	s.self = weak.Make(s)
	s.holding = new(atomic.Bool)
	runtime.AddCleanup(s, func(holding *atomic.Bool) {
		if holding.Load() {
			sweepOwners()
		}
	}, s.holding)
}

// owning notes that s has entries in the registry.
func (s *Session) owning() {
	if !s.holding.Load() {
		s.holding.Store(true)
	}
}

// claimFresh records s as the owner of objects it has just allocated
// (the rows of a query), which no other session can hold: no check, and
// one entry per run of objects lying end to end.
func (s *Session) claimFresh(objs []any) { claimRuns(s, objs) }

// claimRuns is claimFresh for objs of any pointer type. Objects s
// already held may be among them (the rows of a query it held): a run
// naming s for them changes nothing.
func claimRuns[T any](s *Session, objs []T) {
	if len(objs) == 0 {
		return
	}
	me := s.me()
	s.owning()
	var runs []ownedRun
	for i := 0; i < len(objs); {
		k := ownerKeyOf(any(objs[i]))
		size := max(k.typ.Elem().Size(), 1) // a mapped struct has a field
		j := i + 1
		for ; j < len(objs) && j-i < maxRun; j++ {
			next := ownerKeyOf(any(objs[j]))
			if next.typ != k.typ || next.addr != k.addr+uintptr(j-i)*size {
				break
			}
		}
		runs = append(runs, ownedRun{start: k.addr, size: size, n: uintptr(j - i), typ: k.typ, o: me})
		runs[len(runs)-1].held.Store(1<<(j-i) - 1) // all ones for 64
		i = j
	}
	// Filed once the slice no longer moves: the shards keep pointers.
	for i := range runs {
		r := &runs[i]
		last := (r.start + r.n*r.size - 1) >> runPageShift
		for page := r.start >> runPageShift; page <= last; page++ {
			sh := shardOfPage(page)
			sh.mu.Lock()
			if sh.runs == nil {
				sh.runs = map[uintptr][]*ownedRun{}
			}
			sh.runs[page] = append(liveRuns(sh.runs[page]), r)
			sh.mu.Unlock()
			s.entries++
		}
	}
}

// holdFresh puts st, whose object the session has just allocated, in the
// session; the caller claims such objects together with claimFresh.
func (s *Session) holdFresh(st *state) {
	s.objects.put(st)
	s.sorted1(st)
}

// sorted1 adds st, just held, to the objects in add order.
func (s *Session) sorted1(st *state) {
	if n := len(s.sorted); s.sorted != nil && (n == 0 || s.sorted[n-1].order < st.order) {
		s.sorted = append(s.sorted, st) // the usual case: a new object, last
	} else {
		s.sorted = nil
	}
}

// hold puts st in the session, claiming its object.
func (s *Session) hold(st *state) error {
	if err := s.claim(st.obj); err != nil {
		return err
	}
	s.holdFresh(st)
	return nil
}

// unhold takes obj out of the session and releases it.
func (s *Session) unhold(obj any) {
	s.dropRecords(obj)
	s.objects.remove(obj)
	s.sorted = nil
	s.release(obj)
}
