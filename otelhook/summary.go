package otelhook

import (
	"strings"
	"sync"
	"sync/atomic"
)

// summary is what the hook reads from a statement's text: the
// conventions' db.query.summary (each operation and the tables it names,
// in the order they appear: "SELECT users", "INSERT orders SELECT carts"),
// db.operation.name (the first operation) and db.collection.name (the
// table, when the statement names exactly one). It holds names written in
// the text — keywords and identifiers — never literals or placeholders.
type summary struct {
	text       string // db.query.summary; "" when no operation was found
	operation  string // db.operation.name; "" with text
	collection string // db.collection.name; "" unless one table
}

// maxSummary is the conventions' limit on db.query.summary's length.
const maxSummary = 255

// summaries caches the summary of each statement text. The engine's
// compiled-statement cache hands out the same texts again and again, so
// the cache is small and its hit rate high. Its memory is bounded: a
// text longer than maxCachedText (a multi-row INSERT, a long IN list —
// texts that vary with the number of rows) is summarized each time and
// never kept, and the cache stops growing once its texts and summaries
// take maxCacheBytes. The key is the text itself, so a hit can only be
// the text's own summary.
//
// A cache serves one way of reading literals: backslash is set for the
// databases whose strings take backslash escapes (see lexer).
type summaries struct {
	m         sync.Map     // string -> *summary
	bytes     atomic.Int64 // the cost (entryCost) of the entries in m
	backslash bool
}

const (
	maxCachedText = 4 << 10
	maxCacheBytes = 4 << 20
)

func (s *summaries) get(text string) *summary {
	if v, ok := s.m.Load(text); ok {
		return v.(*summary)
	}
	sum := summarize(text, s.backslash)
	if len(text) > maxCachedText {
		return sum
	}
	cost := entryCost(text, sum)
	if s.bytes.Add(cost) > maxCacheBytes {
		s.bytes.Add(-cost)
		return sum
	}
	// A clone: text may be part of a larger string the cache must not
	// keep alive.
	if _, loaded := s.m.LoadOrStore(strings.Clone(text), sum); loaded {
		s.bytes.Add(-cost)
	}
	return sum
}

// entryCost is what an entry of the cache takes: its text, its summary's
// strings and, roughly, the map's and the summary's own overhead.
func entryCost(text string, sum *summary) int64 {
	return int64(len(text) + len(sum.text) + len(sum.collection) + 128)
}

// token kinds of the summarizer's lexer.
const (
	tokEnd   = iota
	tokWord  // a keyword or bare identifier
	tokIdent // a quoted identifier, its quotes taken off
	tokPunct // one character: . , ( ) ; and the rest
	tokOther // a literal, placeholder or number: never kept
)

// lexer reads a statement's tokens. Literals are skipped as the
// database reads them, or their text would be read as names: a
// backslash escapes the next character in PostgreSQL's E'...' strings
// and, with backslash set (MySQL, MariaDB), in every '...' and "..."
// (MySQL's double quotes make a string, not an identifier, unless
// ANSI_QUOTES is set; reading them as strings at worst leaves a quoted
// name out of the summary).
type lexer struct {
	s         string
	pos       int
	backslash bool
}

// next returns the next token's kind and text. Comments and white space
// are skipped; literals come back as tokOther, their text left unread.
func (l *lexer) next() (int, string) {
	for l.pos < len(l.s) {
		c := l.s[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			l.pos++
		case c == '-' && strings.HasPrefix(l.s[l.pos:], "--"):
			if i := strings.IndexByte(l.s[l.pos:], '\n'); i >= 0 {
				l.pos += i + 1
			} else {
				l.pos = len(l.s)
			}
		case c == '/' && strings.HasPrefix(l.s[l.pos:], "/*"):
			if i := strings.Index(l.s[l.pos+2:], "*/"); i >= 0 {
				l.pos += i + 4
			} else {
				l.pos = len(l.s)
			}
		case c == '\'' || c == '"' && l.backslash:
			l.skipQuoted(c, l.backslash)
			return tokOther, ""
		case (c == 'E' || c == 'e') && l.pos+1 < len(l.s) && l.s[l.pos+1] == '\'':
			l.pos++ // PostgreSQL's escape string: E'it\'s'
			l.skipQuoted('\'', true)
			return tokOther, ""
		case c == '"' || c == '`':
			start := l.pos + 1
			l.skipQuoted(c, false)
			end := max(l.pos-1, start)
			return tokIdent, strings.ReplaceAll(l.s[start:end], string([]byte{c, c}), string(c))
		case c == '$':
			l.skipDollar()
			return tokOther, ""
		case isWordStart(c):
			start := l.pos
			for l.pos < len(l.s) && isWordPart(l.s[l.pos]) {
				l.pos++
			}
			return tokWord, l.s[start:l.pos]
		case c >= '0' && c <= '9':
			for l.pos < len(l.s) && (isWordPart(l.s[l.pos]) || l.s[l.pos] == '.') {
				l.pos++
			}
			return tokOther, ""
		default:
			l.pos++
			return tokPunct, l.s[l.pos-1 : l.pos]
		}
	}
	return tokEnd, ""
}

// skipQuoted moves past a literal or quoted identifier opened by q, in
// which a doubled q stands for one and, with backslash, a backslash
// escapes the character after it.
func (l *lexer) skipQuoted(q byte, backslash bool) {
	l.pos++
	for l.pos < len(l.s) {
		if backslash && l.s[l.pos] == '\\' {
			l.pos += 2
			continue
		}
		if l.s[l.pos] == q {
			if l.pos+1 < len(l.s) && l.s[l.pos+1] == q {
				l.pos += 2
				continue
			}
			l.pos++
			return
		}
		l.pos++
	}
}

// skipDollar moves past a PostgreSQL placeholder ($1) or dollar-quoted
// literal ($$...$$, $tag$...$tag$).
func (l *lexer) skipDollar() {
	start := l.pos
	l.pos++
	for l.pos < len(l.s) && isWordPart(l.s[l.pos]) && l.s[l.pos] != '$' {
		l.pos++
	}
	if l.pos >= len(l.s) || l.s[l.pos] != '$' {
		return // a placeholder
	}
	l.pos++
	tag := l.s[start:l.pos]
	if i := strings.Index(l.s[l.pos:], tag); i >= 0 {
		l.pos += i + len(tag)
	} else {
		l.pos = len(l.s)
	}
}

func isWordStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isWordPart(c byte) bool { return isWordStart(c) || c >= '0' && c <= '9' || c == '$' }
