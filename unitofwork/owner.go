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
// Go objects carry no session field, so ownership is kept here, in a map
// from an object's address to its session, sharded to keep sessions on
// different goroutines from contending.
//
// An entry names the session weakly and with the session's epoch at the
// time: ExpungeAll and Close end the ownership of everything the session
// held by moving to the next epoch, without visiting each entry. An entry
// whose session is gone or has moved on names no one and is taken over;
// such entries are swept away in the background once there are many. A
// session holds its objects strongly, so an address cannot be reused
// while an entry for it is live.

const ownerShards = 64

type ownerShard struct {
	mu sync.Mutex
	m  map[ownerKey]owner
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

func shardIndex(k ownerKey) uintptr { return (k.addr >> 4) % ownerShards }

func shardOf(k ownerKey) *ownerShard { return &owners[shardIndex(k)] }

// me is the entry naming s now.
func (s *Session) me() owner { return owner{s.self, s.epoch.Load()} }

// claim makes s the owner of obj, unless another live session owns it.
func (s *Session) claim(obj any) error {
	a := ownerKeyOf(obj)
	sh := shardOf(a)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if cur, ok := sh.m[a]; ok && cur.s != s.self && cur.live() {
		return &ObjectError{Type: reflect.TypeOf(obj).String(), Reason: "object is already in another session; Expunge it there or Merge it here"}
	}
	if sh.m == nil {
		sh.m = map[ownerKey]owner{}
	}
	sh.m[a] = s.me()
	s.owning()
	return nil
}

// release ends s's ownership of obj.
func (s *Session) release(obj any) {
	a := ownerKeyOf(obj)
	sh := shardOf(a)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.m[a] == s.me() {
		delete(sh.m, a)
	}
}

// releaseAll ends s's ownership of every object at once, by moving s to
// its next epoch; the entries are swept later.
func (s *Session) releaseAll() {
	s.epoch.Add(1)
	s.holding.Store(false)
	if disowned.Add(int64(len(s.objects))) >= sweepAfter && sweeping.CompareAndSwap(false, true) {
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
		sh.mu.Unlock()
	}
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
// each shard's lock taken once.
func (s *Session) claimFresh(objs []any) {
	if len(objs) == 0 {
		return
	}
	me := s.me()
	s.owning()
	// The keys sorted by shard (a counting sort): one slice, not one
	// per shard.
	var start [ownerShards + 1]int
	for _, obj := range objs {
		start[shardIndex(ownerKeyOf(obj))+1]++
	}
	for i := 1; i <= ownerShards; i++ {
		start[i] += start[i-1]
	}
	byShard := make([]ownerKey, len(objs))
	next := start
	for _, obj := range objs {
		k := ownerKeyOf(obj)
		i := shardIndex(k)
		byShard[next[i]] = k
		next[i]++
	}
	for i := range ownerShards {
		if start[i] == start[i+1] {
			continue
		}
		sh := &owners[i]
		sh.mu.Lock()
		if sh.m == nil {
			sh.m = map[ownerKey]owner{}
		}
		for _, k := range byShard[start[i]:start[i+1]] {
			sh.m[k] = me
		}
		sh.mu.Unlock()
	}
}

// holdFresh puts st, whose object the session has just allocated, in the
// session; the caller claims such objects together with claimFresh.
func (s *Session) holdFresh(st *state) {
	if s.objects == nil {
		s.objects = map[any]*state{}
	}
	s.objects[st.obj] = st
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
	delete(s.objects, obj)
	s.sorted = nil
	s.release(obj)
}
