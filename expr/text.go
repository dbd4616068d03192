package expr

import (
	"strconv"
	"strings"
)

// constSQL is the parameter type of every function that takes SQL text.
// It is unexported, so only an untyped string constant (a literal or a
// const) converts to it: a string computed at run time, which might carry
// user input, does not compile. The one exception is UnsafeRawSQL.
type constSQL string

// TextClause is literal SQL with named parameters written ":name". It is
// both a Statement and an Expr. Values are bound with Bind or given when the
// statement is compiled; they never become part of the text.
//
//	expr.Text("SELECT id FROM users WHERE lower(email) = lower(:email)").Bind("email", email)
type TextClause struct {
	Ops
	sql    string
	parts  []textPart
	values []textValue
	unsafe bool
	err    error // what the text cannot be used for; see Err
	// markers holds, for the characters some dialect reads specially
	// ('?', '$' for $1..., and '#', a comment on MySQL), where the text
	// first uses them outside quotes and comments, which such a dialect
	// must refuse.
	markers []textMarker
	// openComment: the text ends inside a "--" comment, which would take
	// in whatever SQL follows it on the line.
	openComment bool
}

// textPart is a run of SQL followed, unless name is empty, by a parameter.
// textMarker is where a text first uses a character some dialect reads
// specially.
type textMarker struct {
	c      byte
	offset int
}

type textPart struct {
	sql  string
	name string
}

type textValue struct {
	name  string
	value any
}

// Text makes a TextClause from constant SQL. In the SQL, ":name" is a named
// parameter (letters, digits and "_"); "::" (a PostgreSQL cast), quoted
// strings and identifiers, comments ("--", "/* */") and PostgreSQL's
// dollar-quoted strings are left alone, and "\:" is a literal colon.
//
// What the dialects read differently makes the text fail to compile (with
// a *TextError) rather than risk wrong SQL: a backslash in a quoted string
// (an escape on MySQL, a character elsewhere), "--" without a space after
// it, a lone carriage return in a "--" comment (its end on PostgreSQL
// only), "/*!" and "/*M!" (run, not skipped, by MySQL and MariaDB), a nested or unterminated comment or
// string, "#" on MySQL (a comment there, an operator on PostgreSQL), and
// the dialect's own placeholders ("?", or "$1" on PostgreSQL): give values
// as :name. Used as an expression, the text is parenthesized.
func Text(sql constSQL) *TextClause { return newText(string(sql), false) }

// UnsafeRawSQL makes a TextClause from SQL computed at run time. It is the
// escape hatch for trusted SQL (migrations, generated DDL): never pass it
// anything derived from user input. Every use should be reviewed; prefer
// Text with parameters, and Table.Lookup for dynamic identifiers.
func UnsafeRawSQL(sql string) *TextClause { return newText(sql, true) }

func newText(sql string, unsafe bool) *TextClause {
	t := &TextClause{sql: sql, unsafe: unsafe}
	t.parts, t.markers, t.openComment, t.err = parseText(sql)
	t.self = t
	return t
}

// Err returns a *TextError when the text is not SQL every dialect reads
// alike (see Text); compiling it then fails with that error.
func (t *TextClause) Err() error { return t.err }

// UsesMarker reports whether the text contains c outside quotes and
// comments, for the characters some dialect reads specially: '?' and '$'
// (as in "$1"), placeholders, whose parameters would be numbered apart from
// the statement's, and '#', a comment on MySQL.
func (t *TextClause) UsesMarker(c byte) bool { return t.MarkerError(c) != nil }

// MarkerError returns a *TextError saying where the text uses c (see
// UsesMarker), or nil if it does not: what a dialect that reads c
// specially fails the text with.
func (t *TextClause) MarkerError(c byte) error {
	for _, m := range t.markers {
		if m.c == c {
			return &TextError{Offset: m.offset, Reason: markerReasons[c]}
		}
	}
	return nil
}

// markerReasons say why a dialect refuses a text using the character.
var markerReasons = map[byte]string{
	'?': `"?" is the dialect's placeholder: give values as :name`,
	'$': `"$1" is the dialect's placeholder: give values as :name`,
	'#': `"#" starts a comment on MySQL (on PostgreSQL it is an operator)`,
}

// EndsInComment reports whether the text ends inside a "--" comment, so
// that SQL written after it must start on a new line.
func (t *TextClause) EndsInComment() bool { return t.openComment }

// Bind returns a copy of t with v as the value of the named parameter
// :name; t itself is left as it was, so a Text kept in a package-level
// variable can be bound per request from many goroutines at once. A name
// the text does not use makes it fail to compile (a *TextError): it is a
// typo, or a value that was meant to be in the SQL and is not.
func (t *TextClause) Bind(name string, v any) *TextClause {
	n := *t
	n.self = &n
	if !t.uses(name) && n.err == nil {
		n.err = &TextError{Offset: len(t.sql), Reason: "Bind(" + strconv.Quote(name) + "): the text has no :" + name}
	}
	n.values = make([]textValue, 0, len(t.values)+1)
	for _, tv := range t.values {
		if tv.name != name {
			n.values = append(n.values, tv)
		}
	}
	n.values = append(n.values, textValue{name, v})
	return &n
}

// uses reports whether the text has the parameter :name.
func (t *TextClause) uses(name string) bool {
	for _, p := range t.parts {
		if p.name == name {
			return true
		}
	}
	return false
}

// SQL returns the text as written.
func (t *TextClause) SQL() string { return t.sql }

// Unsafe reports whether the text came from UnsafeRawSQL.
func (t *TextClause) Unsafe() bool { return t.unsafe }

// NumParts returns the number of SQL runs of the text; each run but the
// last is followed by a named parameter.
func (t *TextClause) NumParts() int { return len(t.parts) }

// Part returns SQL run i and the name of the parameter after it ("" for none).
func (t *TextClause) Part(i int) (sql, param string) { return t.parts[i].sql, t.parts[i].name }

// BoundValue returns the value bound to name with Bind.
func (t *TextClause) BoundValue(name string) (any, bool) {
	for _, v := range t.values {
		if v.name == name {
			return v.value, true
		}
	}
	return nil, false
}

func isNameByte(c byte, first bool) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || !first && c >= '0' && c <= '9'
}

// parseText splits s at its :name parameters. It also returns the
// placeholder characters s uses itself, and a *TextError for what the
// dialects would read differently (see Text).
func parseText(s string) (parts []textPart, markers []textMarker, openComment bool, err error) {
	var cur []byte
	fail := func(at int, reason string) {
		if err == nil {
			err = &TextError{Offset: at, Reason: reason}
		}
	}
	mark := func(c byte, at int) {
		for _, m := range markers {
			if m.c == c {
				return
			}
		}
		markers = append(markers, textMarker{c, at})
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' && c != '`' {
					fail(j, "a backslash in a quoted string: MySQL reads it as an escape, PostgreSQL and SQLite as a character (bind the value instead)")
				}
				j++
			}
			if j == len(s) {
				fail(i, "unterminated quoted string")
			} else {
				j++
			}
			cur = append(cur, s[i:j]...)
			i = j - 1
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			if i+2 < len(s) && s[i+2] != ' ' && s[i+2] != '\t' && s[i+2] != '\n' && s[i+2] != '\r' {
				fail(i, `"--" without a space after it: no comment on MySQL`)
			}
			j := i
			for j < len(s) && s[j] != '\n' {
				if s[j] == '\r' && (j+1 == len(s) || s[j+1] != '\n') {
					fail(j, `a carriage return in a "--" comment: it ends the comment on PostgreSQL only`)
				}
				j++
			}
			openComment = j == len(s)
			cur = append(cur, s[i:j]...)
			i = j - 1
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			switch {
			case i+2 < len(s) && s[i+2] == '!':
				fail(i, `"/*!": MySQL runs what such a comment holds`)
			case i+3 < len(s) && s[i+2] == 'M' && s[i+3] == '!':
				fail(i, `"/*M!": MariaDB runs what such a comment holds`)
			case end < 0:
				fail(i, "unterminated comment")
				end = len(s) - i - 2
			case strings.Contains(s[i+2:i+2+end+1], "/*"): // also a "/*" overlapping the "*/"
				fail(i, "a nested comment: PostgreSQL nests comments, MySQL and SQLite do not")
			}
			j := min(i+2+end+2, len(s))
			cur = append(cur, s[i:j]...)
			i = j - 1
		case c == '#':
			mark('#', i) // a comment on MySQL, an operator (#>, #>>) on PostgreSQL
			cur = append(cur, c)
		case c == '$' && (i == 0 || !isNameByte(s[i-1], false)):
			if tag, ok := dollarTag(s[i:]); ok {
				end := strings.Index(s[i+len(tag):], tag)
				if end < 0 {
					fail(i, "unterminated dollar-quoted string")
					end = len(s) - i - len(tag)
				} else {
					end += len(tag)
				}
				j := i + len(tag) + end
				cur = append(cur, s[i:j]...)
				i = j - 1
				continue
			}
			if i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				mark('$', i)
			}
			cur = append(cur, c)
		case c == '?':
			mark('?', i)
			cur = append(cur, c)
		case c == '\\' && i+1 < len(s) && s[i+1] == ':':
			cur = append(cur, ':')
			i++
		case c == ':' && i+1 < len(s) && s[i+1] == ':':
			cur = append(cur, "::"...)
			i++
		case c == ':' && i+1 < len(s) && isNameByte(s[i+1], true) && (i == 0 || !isNameByte(s[i-1], false)):
			j := i + 1
			for j < len(s) && isNameByte(s[j], false) {
				j++
			}
			if j < len(s) && s[j] >= 0x80 {
				fail(i, "a parameter name of letters beyond ASCII: names are ASCII letters, digits and _")
			}
			parts = append(parts, textPart{sql: string(cur), name: s[i+1 : j]})
			cur = cur[:0]
			i = j - 1
		default:
			cur = append(cur, c)
		}
	}
	return append(parts, textPart{sql: string(cur)}), markers, openComment, err
}

// dollarTag returns the opening tag of a PostgreSQL dollar-quoted string
// at the start of s ("$$" or "$name$"), if there is one.
func dollarTag(s string) (string, bool) {
	for j := 1; j < len(s); j++ {
		if s[j] == '$' {
			return s[:j+1], true
		}
		if !isNameByte(s[j], j == 1) {
			return "", false
		}
	}
	return "", false
}

func (*TextClause) exprNode() {}
func (*TextClause) stmt()     {}
