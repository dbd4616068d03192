package expr

import "slices"

// Statements keep their short lists in arrays inside themselves, so that
// building a typical statement takes one allocation and a copy made by
// assignment copies them with it. A list that outgrows its array moves to
// a spill, which copies share. A spill never changes in a way another
// holder could see: its slice header is fixed when it is made, every
// holder reads it only as far as its own count, and only the statement
// that made it (its owner) writes to it, past everything written so far,
// and only while its own count is all that was written. Any other holder
// that appends — a copy, or the owner reset to an earlier copy of itself
// (*q = saved) — first moves its elements to a spill of its own. So copies
// can be read and changed from different goroutines at once.

// spill is the out-of-line storage of a list that outgrew its array.
type spill[T any] struct {
	owner any // the statement that may write to items
	items []T // len(items) is the capacity; the header never changes
	used  int // how many of items are written; only the owner reads or writes it
}

// listOf returns the list of n elements kept in buf or in sp, capped so
// that appending to it copies it.
func listOf[T any](buf []T, sp *spill[T], n int) []T {
	if sp != nil {
		return sp.items[:n:n]
	}
	return buf[:n:n]
}

// appendList appends items to owner's list of n elements, kept in buf or
// *sp, and returns its new length. It never keeps items itself.
func appendList[T any](owner any, buf []T, sp **spill[T], n int, items []T) int {
	if len(items) == 0 {
		return n
	}
	if *sp == nil && n+len(items) <= len(buf) {
		copy(buf[n:], items)
		return n + len(items)
	}
	r := writable(owner, buf, sp, n, len(items), 2*(n+len(items)))
	copy(r.items[n:], items)
	r.used = n + len(items)
	return r.used
}

// growList makes room for more elements after the n of owner's list.
func growList[T any](owner any, buf []T, sp **spill[T], n, more int) {
	if more > 0 && (*sp != nil || n+more > len(buf)) {
		writable(owner, buf, sp, n, more, n+more)
	}
}

// writable returns the spill *sp once owner may write more elements to it
// after its n: when it is not owner's, holds more than owner's view, or
// lacks the room, the n elements move to a new spill of size elements (at
// least 4), owned by owner.
func writable[T any](owner any, buf []T, sp **spill[T], n, more, size int) *spill[T] {
	r := *sp
	// owner first: another holder must not read used, which the owner writes.
	if r != nil && r.owner == owner && r.used == n && n+more <= len(r.items) {
		return r
	}
	items := make([]T, max(size, n+more, 4))
	if r == nil {
		copy(items, buf[:n])
	} else {
		copy(items, r.items[:n])
	}
	r = &spill[T]{owner: owner, items: items, used: n}
	*sp = r
	return r
}

// appendNew appends items to dst without writing into dst's array, which
// a copy made by assignment may share: the result is new storage unless
// items is empty.
func appendNew[T any](dst, items []T) []T {
	if len(items) == 0 {
		return dst
	}
	return append(slices.Clip(dst), items...)
}

// changed returns a copy of *p (or a zero T when p is nil) and stores it
// in *p: a record a copy made by assignment may share is replaced, not
// changed in place.
func changed[T any](p **T) *T {
	x := new(T)
	if *p != nil {
		*x = **p
	}
	*p = x
	return x
}
