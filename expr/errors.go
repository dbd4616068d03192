package expr

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors. Test for them with errors.Is; the concrete error types
// below carry the details and are reachable with errors.As.
var (
	// ErrUnknownColumn: a column name is not part of a table or column set.
	ErrUnknownColumn = errors.New("expr: unknown column")
	// ErrDefinition: a table, column or constraint definition is invalid.
	ErrDefinition = errors.New("expr: invalid definition")
	// ErrCycle: tables depend on each other through foreign keys in a cycle.
	ErrCycle = errors.New("expr: foreign key cycle")
	// ErrUnresolved: a foreign key names a table or column that MetaData does not have.
	ErrUnresolved = errors.New("expr: unresolved foreign key")
	// ErrText: the SQL of a Text is not read alike by every dialect.
	ErrText = errors.New("expr: text not portable")
	// ErrRowLimit: a result has more rows than a cap allows. It lives
	// here, the module below both, so that engine.ErrRowLimit
	// (WithMaxRows) and mapper.ErrRowLimit (MaxRows) are this one value
	// and errors.Is matches either name whichever layer failed.
	ErrRowLimit = errors.New("sqlforge: row limit exceeded")
)

// TextError reports what in the SQL of a Text the dialects would read
// differently, at byte Offset.
type TextError struct {
	Offset int
	Reason string
}

func (e *TextError) Error() string {
	return "expr: text at byte " + strconv.Itoa(e.Offset) + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrText) true.
func (e *TextError) Unwrap() error { return ErrText }

// UnknownColumnError reports a column name that a lookup rejected. Name is
// the caller's input, quoted with %q so that control characters stay visible.
type UnknownColumnError struct {
	Table string
	Name  string
	// Ambiguous reports that the name is not unknown but given to two
	// columns of a ColumnSet, so it names neither.
	Ambiguous bool
	// Allowed lists the names a ColumnSet allows, so that the error can
	// tell the user what to use instead.
	Allowed []string
}

func (e *UnknownColumnError) Error() string {
	what := "expr: unknown column "
	if e.Ambiguous {
		what = "expr: ambiguous column "
	}
	s := what + quoteForError(e.Name) + " in " + quoteForError(e.Table)
	if len(e.Allowed) > 0 {
		s += " (allowed: "
		for i, n := range e.Allowed {
			if i > 0 {
				s += ", "
			}
			s += quoteForError(n)
		}
		s += ")"
	}
	return s
}

// Unwrap makes errors.Is(err, ErrUnknownColumn) true.
func (e *UnknownColumnError) Unwrap() error { return ErrUnknownColumn }

// DefinitionError reports an invalid schema definition.
type DefinitionError struct {
	Object string // the table, column or constraint concerned
	Reason string
}

func (e *DefinitionError) Error() string {
	return "expr: invalid definition of " + quoteForError(e.Object) + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrDefinition) true.
func (e *DefinitionError) Unwrap() error { return ErrDefinition }

// CycleError lists the tables caught in a foreign-key cycle.
type CycleError struct{ Tables []string }

func (e *CycleError) Error() string {
	return "expr: foreign key cycle between tables " + strings.Join(e.Tables, ", ")
}

// Unwrap makes errors.Is(err, ErrCycle) true.
func (e *CycleError) Unwrap() error { return ErrCycle }

// UnresolvedError reports a foreign key whose target is missing.
type UnresolvedError struct {
	Table  string
	Target string
}

func (e *UnresolvedError) Error() string {
	return "expr: foreign key of " + quoteForError(e.Table) + " references unknown " + quoteForError(e.Target)
}

// Unwrap makes errors.Is(err, ErrUnresolved) true.
func (e *UnresolvedError) Unwrap() error { return ErrUnresolved }

func quoteForError(s string) string {
	const max = 64
	if len(s) > max {
		s = s[:max] + "…"
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			const hex = "0123456789abcdef"
			b.WriteString(`\x`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&15])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
