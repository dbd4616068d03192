package sqlitedialect

import (
	"net/url"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
)

// Open asks the driver for a statement cache unless the DSN sets its own
// size.
func TestStatementCacheDefault(t *testing.T) {
	for dsn, want := range map[string]string{
		"app.db":                           "64",
		"file:app.db?_stmt_cache_size=0":   "0",
		"file:app.db?_stmt_cache_size=200": "200",
	} {
		d := &openDriver{}
		if _, err := d.Parse(dsn, &engine.OpenConfig{}); err != nil {
			t.Fatal(err)
		}
		_, query, _ := strings.Cut(d.name, "?")
		q, err := url.ParseQuery(query)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.Get("_stmt_cache_size"); got != want {
			t.Errorf("%s: _stmt_cache_size=%q, want %q", dsn, got, want)
		}
	}
}
