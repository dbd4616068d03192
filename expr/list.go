package expr

import "slices"

// appendNew returns dst with items appended, in a new array unless items
// is empty. Statements are plain values: a copy made by assignment shares
// its lists' arrays with the original, so a builder must never append into
// the spare room of an array, which the other holder could write too.
func appendNew[T any](dst, items []T) []T {
	if len(items) == 0 {
		return dst
	}
	return append(slices.Clip(dst), items...)
}
