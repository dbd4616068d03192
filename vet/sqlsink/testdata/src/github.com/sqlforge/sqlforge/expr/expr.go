// Package expr stubs sqlforge's escape hatch.
package expr

type TextClause struct{}

func UnsafeRawSQL(sql string) *TextClause { return nil }
