package expr

import "slices"

// Statements keep their short lists in arrays inside themselves, so that
// building a typical statement takes one allocation and a copy made by
// assignment copies them with it. A list that outgrows its array moves to
// a spill, which copies share. Every holder reads a spill only as far as
// its own count, and appends to it in place only while its count is the
// spill's length: the write then lands where no holder reads. A holder
// whose count is shorter (a copy after the original grew, or the other
// way round) first moves its elements to a spill of its own.

// spill is the out-of-line storage of a list that outgrew its array.
type spill[T any] struct{ items []T }

// listOf returns the list of n elements kept in buf or in sp, capped so
// that appending to it copies it.
func listOf[T any](buf []T, sp *spill[T], n int) []T {
	if sp != nil {
		return sp.items[:n:n]
	}
	return buf[:n:n]
}

// appendList appends items to the list of n elements kept in buf or *sp,
// and returns its new length. It never keeps items itself.
func appendList[T any](buf []T, sp **spill[T], n int, items []T) int {
	if len(items) == 0 {
		return n
	}
	if *sp == nil && n+len(items) <= len(buf) {
		copy(buf[n:], items)
		return n + len(items)
	}
	extendable(buf, sp, n, 2*(n+len(items)))
	(*sp).items = append((*sp).items, items...)
	return n + len(items)
}

// growList makes room for more elements after the n of a list.
func growList[T any](buf []T, sp **spill[T], n, more int) {
	if more <= 0 || (*sp == nil && n+more <= len(buf)) {
		return
	}
	extendable(buf, sp, n, n+more)
	(*sp).items = slices.Grow((*sp).items, more)
}

// extendable makes *sp a spill whose length is the list's n elements, so
// that appending to it writes where no holder reads: the list moves out
// of buf, or out of a spill that has grown past this holder's view, into
// a new spill with a capacity of size.
func extendable[T any](buf []T, sp **spill[T], n, size int) {
	old := *sp
	if old != nil && len(old.items) == n {
		return
	}
	items := make([]T, 0, max(size, 4))
	if old == nil {
		items = append(items, buf[:n]...)
	} else {
		items = append(items, old.items[:n]...)
	}
	*sp = &spill[T]{items: items}
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
