package otelhooktest

import (
	"context"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/otelhook"
)

// The statements that return their own text.
const (
	pgCurrentQuery = "SELECT current_query()"
	myCurrentQuery = "SELECT INFO FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()"
)

// TestTraceparentComment asks PostgreSQL and MariaDB for the text of the
// statement they are running: it ends with the traceparent of the
// statement's span, while the span records the statement as built.
// (SQLite has no way to show the text it ran.)
func TestTraceparentComment(t *testing.T) {
	for _, c := range []struct {
		name  string
		open  func(testing.TB) Backend
		query string
		stmt  expr.Statement // query's text
	}{
		{"postgres", Postgres, pgCurrentQuery, expr.Text(pgCurrentQuery)},
		{"mariadb", func(tb testing.TB) Backend { return MariaDB(tb, false) }, myCurrentQuery, expr.Text(myCurrentQuery)},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := newRecording()
			h, err := otelhook.New(otelhook.WithTracerProvider(r.tp), otelhook.WithMeterProvider(r.mp))
			if err != nil {
				t.Fatal(err)
			}
			e := Engine(t, c.open(t), engine.WithHooks(h), engine.WithStatementComment(otelhook.Traceparent))
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			r.spans.Reset()
			var text string
			if err := e.QueryRow(ctx, c.stmt).Scan(&text); err != nil {
				t.Fatal(err)
			}
			spans := r.spans.GetSpans()
			if len(spans) != 1 {
				t.Fatalf("%d spans; want 1", len(spans))
			}
			sc := spans[0].SpanContext
			want := c.query + " /*traceparent='00-" + sc.TraceID().String() + "-" + sc.SpanID().String() + "-01'*/"
			if text != want {
				t.Errorf("the server ran %q; want %q", text, want)
			}
			if got := attrMap(spans[0].Attributes)["db.query.text"]; got != c.query {
				t.Errorf("db.query.text %q; want the statement as built, %q", got, c.query)
			}
		})
	}
}
