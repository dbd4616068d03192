package enginetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

type recorder struct {
	mu     sync.Mutex
	events []engine.QueryEvent
	tx     []string
	errs   int
	ctxOK  bool
}

type spanKey struct{}

func (r *recorder) BeforeQuery(ctx context.Context, ev *engine.QueryEvent) context.Context {
	return context.WithValue(ctx, spanKey{}, ev.SQL)
}

func (r *recorder) AfterQuery(ctx context.Context, ev *engine.QueryEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cp := *ev
	cp.Args = append([]any(nil), ev.Args...)
	if ev.Args == nil {
		cp.Args = nil
	}
	r.events = append(r.events, cp)
	r.ctxOK = ctx.Value(spanKey{}) == ev.SQL
}

func (r *recorder) TxEvent(_ context.Context, ev *engine.TxEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := ev.Op.String()
	if ev.Savepoint != "" {
		s += " " + ev.Savepoint
	}
	r.tx = append(r.tx, s)
}

func (r *recorder) QueryError(context.Context, *engine.QueryEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs++
}

// sentinel is a parameter value that must never reach hooks or logs
// without the opt-in.
const sentinel = "sentinel-9f3c"

// RunHooks checks what hooks and the slog hook see.
func RunHooks(t *testing.T, env Env) {
	rec := &recorder{}
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e, ctx := setup(t, env, engine.WithHooks(rec, engine.NewLogHook(logger, engine.LogOptions{})))

	rec.mu.Lock()
	rec.events, rec.tx = nil, nil
	rec.mu.Unlock()
	mustExec(t, ctx, e, insertItem(1, sentinel, 1))
	if _, err := e.Exec(ctx, expr.Insert(orgs).Columns(orgs.C("id"), orgs.C("name")).Values(1, sentinel)); !errors.Is(err, engine.ErrUniqueViolation) {
		t.Fatalf("duplicate insert: %v", err)
	}
	err := e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
		return tx.RunInTx(ctx, func(ctx context.Context, sp *engine.Tx) error {
			n := countItems(t, ctx, sp, sentinel)
			if n != 1 {
				t.Errorf("count = %d", n)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}

	rec.mu.Lock()
	if len(rec.events) < 3 {
		t.Fatalf("%s: %d query events; want at least 3", env.Name, len(rec.events))
	}
	ins := rec.events[0]
	if ins.Op != engine.OpExec || !strings.Contains(ins.SQL, "INSERT INTO") || ins.NumArgs != 3 || ins.Args != nil ||
		ins.RowsAffected != 1 || ins.InTx || ins.Err != nil || ins.Dialect != e.Dialect().Name() {
		t.Errorf("%s: insert event = %+v", env.Name, ins)
	}
	if !errors.Is(rec.events[1].Err, engine.ErrUniqueViolation) || rec.errs != 1 {
		t.Errorf("%s: failed insert event err = %v, error hook calls = %d", env.Name, rec.events[1].Err, rec.errs)
	}
	if !rec.ctxOK {
		t.Errorf("%s: AfterQuery did not get BeforeQuery's context", env.Name)
	}
	if got, want := strings.Join(rec.tx, ","), "begin,begin sqlforge_sp_1,commit sqlforge_sp_1,commit"; got != want {
		t.Errorf("%s: tx events %s; want %s", env.Name, got, want)
	}
	for _, ev := range rec.events {
		if ev.Args != nil || strings.Contains(fmt.Sprint(ev), sentinel) {
			t.Errorf("%s: a hook saw a parameter value: %+v", env.Name, ev)
		}
	}
	rec.mu.Unlock()
	out := logs.String()
	if !strings.Contains(out, "INSERT INTO") || !strings.Contains(out, `"level":"ERROR"`) {
		t.Errorf("%s: log lacks the statements or the error:\n%s", env.Name, out)
	}
	if strings.Contains(out, sentinel) {
		t.Errorf("%s: the log shows a parameter value:\n%s", env.Name, out)
	}

	// With the explicit opt-in, hooks see the values.
	rec2 := &recorder{}
	e2, _ := setup(t, env, engine.WithHooks(rec2), engine.WithParamValuesInHooks())
	mustExec(t, ctx, e2, insertItem(1, sentinel, 1))
	rec2.mu.Lock()
	ev := rec2.events[len(rec2.events)-1]
	rec2.mu.Unlock()
	if len(ev.Args) != 3 || ev.Args[1] != sentinel {
		t.Errorf("%s: with WithParamValuesInHooks, Args = %v", env.Name, ev.Args)
	}
}
