package engine

import (
	"context"
	"testing"

	"github.com/sqlforge/sqlforge/expr"
)

type commentKey struct{}

// TestStatementComment checks that the comment of the statement's
// context is appended to the text sent — the context after the hooks'
// BeforeQuery — that the hooks see the statement as built, and that a
// comment failing the check is left out.
func TestStatementComment(t *testing.T) {
	for _, c := range []struct {
		comment string
		sent    bool
	}{
		{"/*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/", true},
		{"/*a=1,b.c-d_e*/", true},
		{"", false},
		{"/**/", true},
		{"/* x */ SELECT 1 /* y */", false},
		{"/*a*/*/", false},
		{"/*id=?*/", false},
		{"/*id=$1*/", false},
		{"/*id=:n*/", false},
		{"/*a\nb*/", false},
		{"/*a;b*/", false},
		{"/*a\\b*/", false},
		{"-- a", false},
		{"/*" + string(make([]byte, maxComment)) + "*/", false},
	} {
		tx := &memTx{failAt: -1}
		rec := &events{}
		e, err := New(memSource{tx: tx}, fakeDialect{}, WithHooks(commentHook{c.comment}, rec),
			WithStatementComment(func(ctx context.Context) string {
				s, _ := ctx.Value(commentKey{}).(string)
				return s
			}))
		if err != nil {
			t.Fatal(err)
		}
		const text = "UPDATE t SET n = 1"
		err = e.RunInTx(context.Background(), TxOptions{}, func(ctx context.Context, tx *Tx) error {
			_, err := tx.Exec(ctx, expr.Text(text))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := text
		if c.sent {
			want = text + " " + c.comment
		}
		if len(tx.texts) != 1 || tx.texts[0] != want {
			t.Errorf("comment %q: sent %q; want %q", c.comment, tx.texts, want)
		}
		if len(rec.evs) != 1 || rec.evs[0].SQL != text {
			t.Errorf("comment %q: the hooks saw %d events, SQL %q; want the statement as built", c.comment, len(rec.evs), rec.evs[0].SQL)
		}
	}
}

// commentHook puts its comment in the statement's context, as a tracer
// puts its span.
type commentHook struct{ comment string }

func (h commentHook) BeforeQuery(ctx context.Context, _ *QueryEvent) context.Context {
	return context.WithValue(ctx, commentKey{}, h.comment)
}
func (commentHook) AfterQuery(context.Context, *QueryEvent) {}

// TestStatementCommentPipeline: the statements of a pipelined ExecMany
// carry the comment too; the hooks see them as built.
func TestStatementCommentPipeline(t *testing.T) {
	tx := &memBatchTx{memTx: memTx{failAt: -1}}
	rec := &events{}
	e, err := New(memSource{tx: tx}, fakeDialect{}, WithHooks(rec),
		WithStatementComment(func(context.Context) string { return "/*c=1*/" }))
	if err != nil {
		t.Fatal(err)
	}
	err = e.RunInTx(context.Background(), TxOptions{}, func(ctx context.Context, tx *Tx) error {
		_, err := tx.ExecMany(ctx, []expr.Statement{expr.Text("UPDATE t SET n = 1"), expr.Text("UPDATE t SET n = 2")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if tx.batches != 1 || len(tx.texts) != 2 || tx.texts[0] != "UPDATE t SET n = 1 /*c=1*/" || tx.texts[1] != "UPDATE t SET n = 2 /*c=1*/" {
		t.Errorf("batches %d, sent %q; want one batch with the comment on each", tx.batches, tx.texts)
	}
	if len(rec.evs) != 2 || rec.evs[0].SQL != "UPDATE t SET n = 1" {
		t.Errorf("hooks saw %+v; want the statements as built", rec.evs)
	}
}
