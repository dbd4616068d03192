package compile

import (
	"strings"

	"github.com/sqlforge/sqlforge/expr"
)

// text writes a TextClause, binding its named parameters.
func (s *state) text(t *expr.TextClause) {
	if err := t.Err(); err != nil {
		s.fail(&InvalidError{Reason: err.Error(), Err: err})
		return
	}
	err := t.MarkerError(s.c.mark)
	if err == nil && s.c.f.Has(HashComment) {
		err = t.MarkerError('#')
	}
	if err != nil {
		s.fail(&InvalidError{Reason: err.Error(), Err: err})
		return
	}
	s.tok(tText)
	s.str(t.SQL())
	for i := 0; i < t.NumParts(); i++ {
		sqlPart, name := t.Part(i)
		s.kw(sqlPart)
		if name == "" {
			continue
		}
		if v, ok := t.BoundValue(name); s.flag(ok) {
			s.bind(v)
		} else {
			s.param(name)
		}
	}
	if t.EndsInComment() {
		s.kw("\n") // end the comment: SQL may follow
	}
}

func quoteName(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range truncate(s) {
		if r < 0x20 || r == '"' || r == 0x7f {
			b.WriteByte('?')
			continue
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
