package enginetest

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// DocSQL returns the statements of the ```sql block that follows the line
// "<!-- sql: name -->" in the Markdown file path, so that a test runs the
// SQL the documentation shows rather than a copy of it. Lines starting
// with "--" are comments; statements end with ";". Each word of the block
// that is a key of names is replaced by its value (the documentation's
// placeholder names by the test's unique ones).
func DocSQL(t testing.TB, path, name string, names map[string]string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "<!-- sql: "+name+" -->")
	if !ok {
		t.Fatalf("%s has no <!-- sql: %s --> block", path, name)
	}
	_, rest, ok = strings.Cut(rest, "```sql\n")
	block, _, closed := strings.Cut(rest, "\n```")
	if !ok || !closed {
		t.Fatalf("%s: no ```sql block after <!-- sql: %s -->", path, name)
	}
	var keys []string
	for k := range names {
		keys = append(keys, regexp.QuoteMeta(k))
	}
	word := regexp.MustCompile(`\b(` + strings.Join(keys, "|") + `)\b`)
	var lines []string
	for line := range strings.Lines(block) {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			lines = append(lines, line)
		}
	}
	var stmts []string
	for s := range strings.SplitSeq(strings.Join(lines, ""), ";") {
		if s = strings.TrimSpace(s); s != "" {
			if len(keys) > 0 {
				s = word.ReplaceAllStringFunc(s, func(w string) string { return names[w] })
			}
			stmts = append(stmts, s)
		}
	}
	if len(stmts) == 0 {
		t.Fatalf("%s: the block after <!-- sql: %s --> holds no statement", path, name)
	}
	return stmts
}

// CheckDataRights checks that e may insert, update, delete and read the
// rows of the table items (id generated, name text): the rights a
// least-privilege role keeps.
func CheckDataRights(t testing.TB, ctx context.Context, e *engine.Engine) {
	t.Helper()
	for _, q := range []*expr.TextClause{
		expr.Text("INSERT INTO items (name) VALUES ('a'), ('b')"),
		expr.Text("UPDATE items SET name = 'c' WHERE name = 'a'"),
		expr.Text("DELETE FROM items WHERE name = 'b'"),
	} {
		if _, err := e.Exec(ctx, q); err != nil {
			t.Errorf("data statement refused: %v", err)
		}
	}
	if n, err := engine.Scalar[int64](ctx, e, expr.Text("SELECT COUNT(*) FROM items WHERE name = 'c'")); err != nil || n != 1 {
		t.Errorf("rows after the writes: %d, %v; want 1", n, err)
	}
}
