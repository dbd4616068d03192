package compile

import (
	"strconv"

	"github.com/sqlforge/sqlforge/expr"
)

// literal writes a numeric literal. Its text comes from a constant
// (expr.Literal), and only a number passes, checked on every compile, so
// nothing but a number is written into the SQL.
func (s *state) literal(n *expr.LiteralExpr) {
	text := n.SQL()
	if !isNumber(text) {
		s.invalid("literal " + strconv.QuoteToASCII(truncate(text)) + " is not a number")
		return
	}
	// Recorded as a keyword without a table is: both are constant text
	// written as it is, so equal records render equal SQL.
	s.tok(tKeyword)
	s.str(text)
	s.flag(false)
	s.kw(text)
}

// isNumber reports whether t is a numeric literal that PostgreSQL, MySQL
// and SQLite all read alike: [+-] digits [. [digits]] or [+-] . digits,
// then optionally e or E, [+-], digits. A sign is never followed by
// another, so no "--" comment can start inside one, and the compiler
// writes a space after every operator, so none starts before one.
func isNumber(t string) bool {
	i := 0
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		i++
	}
	mantissa := 0
	for ; i < len(t) && isDigit(t[i]); i++ {
		mantissa++
	}
	if i < len(t) && t[i] == '.' {
		for i++; i < len(t) && isDigit(t[i]); i++ {
			mantissa++
		}
	}
	if mantissa == 0 {
		return false
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(t) && isDigit(t[i]); i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(t)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
