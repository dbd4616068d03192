package unitofwork

import (
	"iter"
	"maps"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"weak"
)

// An object belongs to at most one session at a time, as in SQLAlchemy:
// adding an object another live session holds is an error, since two
// sessions flushing one struct would each write the other's changes.
// Go objects carry no session field, so ownership is kept here, in a map
// from an object's address to its session, sharded to keep sessions on
// different goroutines from contending. A session holds its objects
// strongly, so an address cannot be reused while an entry for it is
// true; the session is held weakly, so an entry left by a session that
// was dropped without Close names no one and is taken over.

const ownerShards = 64

type ownerShard struct {
	mu sync.Mutex
	m  map[ownerKey]weak.Pointer[Session]
}

// ownerKey is an object's address and type: a mapped struct embedded
// first in another shares its address, and is another object.
type ownerKey struct {
	addr uintptr
	typ  reflect.Type
}

var owners [ownerShards]ownerShard

func ownerKeyOf(obj any) ownerKey {
	return ownerKey{reflect.ValueOf(obj).Pointer(), reflect.TypeOf(obj)}
}

func shardOf(k ownerKey) *ownerShard { return &owners[(k.addr>>4)%ownerShards] }

// claim makes s the owner of obj, unless another live session owns it.
func (s *Session) claim(obj any) error {
	a := ownerKeyOf(obj)
	sh := shardOf(a)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if cur, ok := sh.m[a]; ok && cur != s.self {
		if other := cur.Value(); other != nil {
			return &ObjectError{Type: reflect.TypeOf(obj).String(), Reason: "object is already in another session; Expunge it there or Merge it here"}
		}
	}
	if sh.m == nil {
		sh.m = map[ownerKey]weak.Pointer[Session]{}
	}
	sh.m[a] = s.self
	return nil
}

// release ends s's ownership of obj.
func (s *Session) release(obj any) {
	a := ownerKeyOf(obj)
	sh := shardOf(a)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.m[a] == s.self {
		delete(sh.m, a)
	}
}

// sweepOwners removes the entries of sessions that were collected
// without Close; it runs when such a session is collected.
func sweepOwners() {
	for i := range owners {
		sh := &owners[i]
		sh.mu.Lock()
		for a, w := range sh.m {
			if w.Value() == nil {
				delete(sh.m, a)
			}
		}
		sh.mu.Unlock()
	}
}

// watchOwner arranges for s's entries to be swept if s is collected.
func (s *Session) watchOwner() {
	s.self = weak.Make(s)
	runtime.AddCleanup(s, func(struct{}) { sweepOwners() }, struct{}{})
}

// claimFresh records s as the owner of objects it has just allocated
// (the rows of a query), which no other session can hold: no check, and
// each shard's lock taken once.
func (s *Session) claimFresh(objs []any) {
	eachShard(slices.Values(objs), func(sh *ownerShard, keys []ownerKey) {
		if sh.m == nil {
			sh.m = map[ownerKey]weak.Pointer[Session]{}
		}
		for _, k := range keys {
			sh.m[k] = s.self
		}
	})
}

// eachShard calls fn, under each shard's lock, with the keys of objs in
// that shard: the lock is taken once per shard, not once per object.
func eachShard(objs iter.Seq[any], fn func(sh *ownerShard, keys []ownerKey)) {
	var byShard [ownerShards][]ownerKey
	for obj := range objs {
		k := ownerKeyOf(obj)
		i := (k.addr >> 4) % ownerShards
		byShard[i] = append(byShard[i], k)
	}
	for i, keys := range byShard {
		if len(keys) == 0 {
			continue
		}
		sh := &owners[i]
		sh.mu.Lock()
		fn(sh, keys)
		sh.mu.Unlock()
	}
}

// holdFresh puts st, whose object the session has just allocated, in the
// session; the caller claims such objects together with claimFresh.
func (s *Session) holdFresh(st *state) {
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
	delete(s.objects, obj)
	s.sorted = nil
	s.release(obj)
}

// releaseAll releases every object of s, taking each shard's lock once.
func (s *Session) releaseAll() {
	eachShard(maps.Keys(s.objects), func(sh *ownerShard, keys []ownerKey) {
		for _, k := range keys {
			if sh.m[k] == s.self {
				delete(sh.m, k)
			}
		}
	})
}
