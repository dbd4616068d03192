package compile

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sqlforge/sqlforge/expr"
)

// AppendQuoted appends name between quote characters q, doubling any q
// inside it: the identifier quoting of every supported database. Dialects
// validate the name first (see CheckIdent).
func AppendQuoted(dst []byte, name string, q byte) []byte {
	dst = append(dst, q)
	for i := 0; i < len(name); i++ {
		if name[i] == q {
			dst = append(dst, q)
		}
		dst = append(dst, name[i])
	}
	return append(dst, q)
}

// IdentRules are the limits a dialect places on quoted identifiers.
type IdentRules struct {
	MaxBytes        int  // 0: no limit
	MaxRunes        int  // 0: no limit
	NoTrailingSpace bool // MySQL: names may not end with ASCII white space
	BMPOnly         bool // MySQL: no characters above U+FFFF
}

// CheckIdent returns an *IdentifierError when name breaks the rules or is
// empty, contains NUL, or is not valid UTF-8.
func CheckIdent(dialect, name string, r IdentRules) error {
	bad := func(reason string) error { return &IdentifierError{Dialect: dialect, Name: name, Reason: reason} }
	switch {
	case name == "":
		return bad("empty")
	case !utf8.ValidString(name):
		return bad("not valid UTF-8")
	case r.MaxBytes > 0 && len(name) > r.MaxBytes:
		return bad("longer than " + strconv.Itoa(r.MaxBytes) + " bytes")
	case r.NoTrailingSpace && strings.IndexByte(" \t\n\r\v\f", name[len(name)-1]) >= 0:
		return bad("ends with white space")
	}
	n := 0
	for _, c := range name {
		n++
		if c == 0 {
			return bad("contains a NUL byte")
		}
		if r.BMPOnly && c > 0xFFFF {
			return bad("contains a character outside the Basic Multilingual Plane")
		}
	}
	if r.MaxRunes > 0 && n > r.MaxRunes {
		return bad("longer than " + strconv.Itoa(r.MaxRunes) + " characters")
	}
	return nil
}

// AppendNumeric appends "(p,s)" for a Numeric type with a precision.
func AppendNumeric(dst []byte, t expr.Type) []byte {
	if t.Precision <= 0 {
		return dst
	}
	dst = append(dst, '(')
	dst = strconv.AppendInt(dst, int64(t.Precision), 10)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, int64(t.Scale), 10)
	return append(dst, ')')
}

// AppendLength appends "(n)" when n > 0.
func AppendLength(dst []byte, n int) []byte {
	if n <= 0 {
		return dst
	}
	return append(strconv.AppendInt(append(dst, '('), int64(n), 10), ')')
}

// UnknownType is the error for a type a dialect cannot write.
func UnknownType(dialect string, t expr.Type) error {
	return &UnsupportedError{Dialect: dialect, Feature: "column type " + t.Kind.String()}
}
