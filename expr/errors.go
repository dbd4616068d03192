package expr

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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
// the caller's input; Error quotes it with every character that does not
// print escaped, so that control characters, line separators and
// bidirectional overrides stay visible.
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

// quoteForError quotes a name, which may be user input, for an error
// message: at most 64 bytes of it, with quotes, backslashes, invalid
// UTF-8 and every character that does not print (C0 and C1 controls,
// line and paragraph separators, bidirectional overrides) escaped, so
// that it cannot break a log line or hide text where the error is shown.
func quoteForError(s string) string {
	const max = 64
	if len(s) > max {
		s = s[:max] + "…"
	}
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case unicode.IsPrint(r):
			b.WriteRune(r)
		case r < 0x10000:
			b.WriteString(`\u`)
			b.WriteString(strconv.FormatUint(uint64(r)|0x10000, 16)[1:])
		default:
			b.WriteString(`\U`)
			b.WriteString(strconv.FormatUint(uint64(r)|0x100000000, 16)[1:])
		}
	}
	b.WriteByte('"')
	return b.String()
}
