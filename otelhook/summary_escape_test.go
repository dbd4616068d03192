package otelhook

import "testing"

// TestSummarizeBackslashEscapes: a backslash-escaped quote does not end
// a string where the database reads it as escaped — PostgreSQL's E'...'
// strings, every string on MySQL and MariaDB — so the rest of the
// literal never reaches the summary; where the database does not
// (PostgreSQL's and SQLite's standard strings), the quote ends it.
func TestSummarizeBackslashEscapes(t *testing.T) {
	for _, c := range []struct {
		sql       string
		backslash bool
		summary   string
	}{
		{`SELECT E'it\'s FROM leaked' FROM t`, false, "SELECT t"},
		{`SELECT e'\\' FROM t`, false, "SELECT t"},
		{`SELECT 'a\' FROM t`, false, "SELECT t"},
		{`SELECT a FROM t WHERE b = 'x\' FROM leaked WHERE y'`, true, "SELECT t"},
		{`SELECT a FROM t WHERE b = "x\" FROM leaked WHERE y"`, true, "SELECT t"},
		{`SELECT a FROM t WHERE b = 'it''s FROM leaked'`, true, "SELECT t"},
		{`SELECT a FROM t WHERE b = '\\' AND c IN (SELECT d FROM u)`, true, "SELECT t SELECT u"},
		{"SELECT `a` FROM `t` WHERE `b` = ?", true, "SELECT t"},
	} {
		if s := summarize(c.sql, c.backslash); s.text != c.summary {
			t.Errorf("summarize(%q, backslash %v) = %q; want %q", c.sql, c.backslash, s.text, c.summary)
		}
	}
}
