package expr

import "slices"

// Statements keep their short lists in arrays inside themselves, so that
// building a typical statement takes one allocation and a copy made by
// assignment copies them with it. A list that outgrows its array moves to
// a spill, which copies share: only the statement that made it (its
// owner) appends to it, in place, and every holder reads it only as far
// as its own count, so neither sees the other's later changes. A copy's
// first change gives it a spill of its own.

// spill is the out-of-line storage of a list that outgrew its array.
type spill[T any] struct {
	owner any // the statement (a pointer) that appends to items
	items []T
}

// listOf returns the list of n elements kept in buf or in sp, capped so
// that appending to it copies it.
func listOf[T any](buf []T, sp *spill[T], n int) []T {
	if sp != nil {
		return sp.items[:n:n]
	}
	return buf[:n:n]
}

// appendList appends items to the list of n elements that owner keeps in
// buf or *sp, and returns its new length. It never keeps items itself.
func appendList[T any](owner any, buf []T, sp **spill[T], n int, items []T) int {
	if len(items) == 0 {
		return n
	}
	if *sp == nil && n+len(items) <= len(buf) {
		copy(buf[n:], items)
		return n + len(items)
	}
	ownSpill(owner, buf, sp, n, 2*(n+len(items)))
	(*sp).items = append((*sp).items[:n], items...)
	return n + len(items)
}

// growList makes room for more elements after the n of owner's list.
func growList[T any](owner any, buf []T, sp **spill[T], n, more int) {
	if more <= 0 || (*sp == nil && n+more <= len(buf)) {
		return
	}
	ownSpill(owner, buf, sp, n, n+more)
	(*sp).items = slices.Grow((*sp).items[:n], more)
}

// ownSpill makes *sp a spill of owner's holding the list's n elements,
// with a capacity of size if it has to make one: the list moves out of
// buf, or out of a spill a copy shares with the statement it was copied
// from.
func ownSpill[T any](owner any, buf []T, sp **spill[T], n, size int) {
	old := *sp
	if old != nil && old.owner == owner {
		return
	}
	items := make([]T, 0, max(size, 8))
	if old == nil {
		items = append(items, buf[:n]...)
		clear(buf[:n])
	} else {
		items = append(items, old.items[:n]...)
	}
	*sp = &spill[T]{owner: owner, items: items}
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
