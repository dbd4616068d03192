package otelhook

import "strings"

type token struct {
	kind int
	text string
}

// expectation of the summarizer: what the next name is.
const (
	expectNone  = iota
	expectTable // after INTO, UPDATE, TABLE: a table, even if "(" follows
	expectFrom  // after FROM, JOIN: a table, unless "(" follows (a function)
)

// leadingOps are operations only at the start of a statement; elsewhere
// the words mean something else (UPDATE ... SET, a REPLACE() call).
var leadingOps = [...]string{
	"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "START", "CALL",
	"SET", "SHOW", "PRAGMA", "VACUUM", "ANALYZE", "EXPLAIN", "LOCK",
	"GRANT", "REVOKE", "COPY", "REPLACE", "MERGE", "VALUES",
}

// summarize reads a statement's text for its summary; see summary.
// backslash is set for the databases whose strings take backslash
// escapes (MySQL, MariaDB; see lexer).
func summarize(text string, backslash bool) *summary {
	var toks []token
	l := lexer{s: text, backslash: backslash}
	for {
		k, s := l.next()
		if k == tokEnd {
			break
		}
		toks = append(toks, token{k, s})
	}
	p := summarizer{toks: toks}
	p.run()
	// A copy: a pointer into p would keep its tokens — several times
	// the text's size — alive as long as the summary is cached.
	out := p.out
	return &out
}

type summarizer struct {
	toks   []token
	parts  []string // operations and tables, in order
	length int      // the summary's length so far
	tables int      // the number of distinct tables
	out    summary
	// frames holds the paren depth at which each open SELECT, UPDATE or
	// DELETE started: its FROM is at that depth, an EXTRACT(x FROM y)
	// is deeper.
	frames []int
	depth  int
	expect int
	// fromList is set after a table of a FROM clause at fromDepth: a
	// comma there names another table.
	fromList  bool
	fromDepth int
	prev      string // the previous word
}

func (p *summarizer) run() {
	for i := 0; i < len(p.toks); i++ {
		t := p.toks[i]
		switch t.kind {
		case tokPunct:
			p.punct(t.text)
		case tokWord, tokIdent:
			if p.expect != expectNone && !(t.kind == tokWord && isNameSkip(t.text)) {
				i = p.name(i) - 1
				continue
			}
			if t.kind == tokWord {
				i = p.word(i)
				p.prev = t.text
			}
		default:
			p.expect, p.fromList = expectNone, false
		}
	}
	if len(p.parts) == 0 {
		return
	}
	p.out.text = strings.Join(p.parts, " ")
	p.out.operation = p.parts[0]
}

func (p *summarizer) punct(c string) {
	switch c {
	case "(":
		p.depth++
		p.expect = expectNone
	case ")":
		p.depth--
		for len(p.frames) > 0 && p.frames[len(p.frames)-1] > p.depth {
			p.frames = p.frames[:len(p.frames)-1]
		}
		p.expect, p.fromList = expectNone, false
	case ",":
		if p.fromList && p.depth == p.fromDepth {
			p.expect = expectFrom
		}
	case ";":
		p.frames, p.depth, p.expect, p.fromList = p.frames[:0], 0, expectNone, false
	default:
		p.expect, p.fromList = expectNone, false
	}
}

// isNameSkip reports the words between a keyword and the table it names.
func isNameSkip(w string) bool {
	for _, s := range [...]string{"IF", "NOT", "EXISTS", "ONLY", "LATERAL", "TABLE", "IGNORE", "LOW_PRIORITY"} {
		if strings.EqualFold(w, s) {
			return true
		}
	}
	return false
}

// word handles the keyword at toks[i] and returns the index of the last
// token it used.
func (p *summarizer) word(i int) int {
	w := p.toks[i].text
	is := func(s string) bool { return strings.EqualFold(w, s) }
	after := func(s ...string) bool {
		for _, x := range s {
			if strings.EqualFold(p.prev, x) {
				return true
			}
		}
		return false
	}
	p.fromList = false
	switch {
	case is("SELECT"):
		p.op("SELECT")
		p.frames = append(p.frames, p.depth)
	case is("INSERT"):
		p.op("INSERT")
	case is("INTO"):
		p.expect = expectTable
	case is("UPDATE"):
		// DO UPDATE, KEY UPDATE, FOR UPDATE, ON UPDATE are clauses.
		if !after("DO", "KEY", "FOR", "ON") {
			p.op("UPDATE")
			p.frames = append(p.frames, p.depth)
			p.expect = expectTable
		}
	case is("DELETE"):
		if !after("ON") {
			p.op("DELETE")
			p.frames = append(p.frames, p.depth)
		}
	case is("FROM"):
		if n := len(p.frames); n > 0 && p.frames[n-1] == p.depth {
			p.expect = expectFrom
		}
	case is("JOIN"):
		p.expect = expectFrom
	case is("TRUNCATE"):
		p.op("TRUNCATE")
		p.expect = expectTable
	case is("CREATE"), is("DROP"), is("ALTER"):
		op := strings.ToUpper(w)
		if i+1 < len(p.toks) && p.toks[i+1].kind == tokWord && strings.EqualFold(p.toks[i+1].text, "TABLE") {
			p.op(op + " TABLE")
			p.expect = expectTable
			return i + 1
		}
		p.op(op)
	case len(p.parts) == 0 && p.depth == 0:
		for _, s := range leadingOps {
			if is(s) {
				p.op(s)
				break
			}
		}
	}
	return i
}

// name reads the (possibly qualified) name at toks[i] as a table, unless
// it is a function, and returns the index after it and its alias.
func (p *summarizer) name(i int) int {
	var b strings.Builder
	j := i
	for {
		b.WriteString(p.toks[j].text)
		j++
		if j+1 < len(p.toks) && p.toks[j].kind == tokPunct && p.toks[j].text == "." &&
			(p.toks[j+1].kind == tokWord || p.toks[j+1].kind == tokIdent) {
			b.WriteByte('.')
			j++
			continue
		}
		break
	}
	from := p.expect == expectFrom
	p.expect = expectNone
	if from && j < len(p.toks) && p.toks[j].kind == tokPunct && p.toks[j].text == "(" {
		return j // a function: FROM generate_series(...)
	}
	p.table(b.String())
	if from {
		p.fromList, p.fromDepth = true, p.depth
		// An alias: "AS a" or "a".
		if j < len(p.toks) && p.toks[j].kind == tokWord && strings.EqualFold(p.toks[j].text, "AS") {
			j++
		}
		if j < len(p.toks) && (p.toks[j].kind == tokIdent || p.toks[j].kind == tokWord && !isClause(p.toks[j].text)) {
			j++
		}
	}
	return j
}

// isClause reports the keywords that may follow a table in a FROM
// clause, which are not its alias.
func isClause(w string) bool {
	for _, s := range [...]string{
		"WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "OUTER", "ON", "USING",
		"GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "FETCH", "FOR", "UNION", "INTERSECT", "EXCEPT",
		"WINDOW", "RETURNING", "SET", "VALUES", "SELECT", "AS", "WHEN", "THEN", "END", "LOCK", "STRAIGHT_JOIN",
	} {
		if strings.EqualFold(w, s) {
			return true
		}
	}
	return false
}

func (p *summarizer) op(name string) {
	p.add(name)
}

func (p *summarizer) table(name string) {
	if p.tables == 0 {
		p.out.collection = name
	} else if name != p.out.collection {
		p.out.collection = ""
	}
	p.tables++
	p.add(name)
}

// add appends a part while the summary stays within maxSummary.
func (p *summarizer) add(s string) {
	n := len(s)
	if p.length > 0 {
		n++
	}
	if p.length+n > maxSummary {
		p.length = maxSummary + 1 // stop: a later, shorter part would skip one
		return
	}
	p.length += n
	p.parts = append(p.parts, s)
}
