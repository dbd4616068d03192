package expr

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
}

// textPart is a run of SQL followed, unless name is empty, by a parameter.
type textPart struct {
	sql  string
	name string
}

type textValue struct {
	name  string
	value any
}

// Text makes a TextClause from constant SQL. In the SQL, ":name" is a named
// parameter (letters, digits and "_"); "::" (a PostgreSQL cast) and text in
// quotes are left alone, and "\:" is a literal colon.
func Text(sql constSQL) *TextClause { return newText(string(sql), false) }

// UnsafeRawSQL makes a TextClause from SQL computed at run time. It is the
// escape hatch for trusted SQL (migrations, generated DDL): never pass it
// anything derived from user input. Every use should be reviewed; prefer
// Text with parameters, and Table.Lookup for dynamic identifiers.
func UnsafeRawSQL(sql string) *TextClause { return newText(sql, true) }

func newText(sql string, unsafe bool) *TextClause {
	t := &TextClause{sql: sql, unsafe: unsafe, parts: parseText(sql)}
	t.self = t
	return t
}

// Bind sets the value of the named parameter :name and returns t.
func (t *TextClause) Bind(name string, v any) *TextClause {
	for i := range t.values {
		if t.values[i].name == name {
			t.values[i].value = v
			return t
		}
	}
	t.values = append(t.values, textValue{name, v})
	return t
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

func parseText(s string) []textPart {
	var parts []textPart
	var cur []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(s) && s[j] != c {
				j++
			}
			if j < len(s) {
				j++
			}
			cur = append(cur, s[i:j]...)
			i = j - 1
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			j := i
			for j < len(s) && s[j] != '\n' {
				j++
			}
			cur = append(cur, s[i:j]...)
			i = j - 1
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
			parts = append(parts, textPart{sql: string(cur), name: s[i+1 : j]})
			cur = cur[:0]
			i = j - 1
		default:
			cur = append(cur, c)
		}
	}
	return append(parts, textPart{sql: string(cur)})
}

func (*TextClause) exprNode() {}
func (*TextClause) stmt()     {}
