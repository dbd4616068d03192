package otelhooktest

import (
	"context"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
	"github.com/sqlforge/sqlforge/otelhook"
	"github.com/sqlforge/sqlforge/unitofwork"
)

type FlushTxAccount struct {
	ID    int64  `db:"id,pk,autoincrement"`
	Email string `db:"email,type=varchar(100),unique"`
}

// TestFlushTransactionSpans: the Session's transaction, begun by its
// first flush, is a child of the caller's span, not of the flush's, which
// ends before it; the flush's statements are the flush span's children
// and a statement the Session runs later in the transaction is the
// transaction span's:
//
//	request
//	├── flush
//	│   └── INSERT flush_tx_accounts
//	└── transaction
//	    └── SELECT flush_tx_accounts
func TestFlushTransactionSpans(t *testing.T) {
	for _, open := range Backends() {
		b := open(t)
		t.Run(b.Name, func(t *testing.T) {
			r := newRecording()
			h, err := otelhook.New(otelhook.WithTracerProvider(r.tp), otelhook.WithMeterProvider(r.mp))
			if err != nil {
				t.Fatal(err)
			}
			e := Engine(t, b, engine.WithHooks(h))
			meta := expr.NewMetaData()
			reg := mapper.NewRegistry(meta)
			m := mapper.MustMap[FlushTxAccount](reg, "flush_tx_accounts")
			reg.MustResolve()
			ctx := context.Background()
			if err := e.CreateAll(ctx, meta); err != nil {
				t.Fatal(err)
			}
			r.spans.Reset()
			ctx, req := r.tp.Tracer("test").Start(ctx, "request")
			s := unitofwork.New(e, reg, unitofwork.WithFlushHooks(h))
			defer s.Close()
			s.Add(&FlushTxAccount{Email: "a@example.test"})
			if err := s.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := unitofwork.All[FlushTxAccount](ctx, s, expr.Select(m.Table.C("id")).From(m.Table)); err != nil {
				t.Fatal(err)
			}
			if err := s.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			req.End()
			tr := r.tree()
			got := map[string]string{} // span -> parent
			for _, sp := range r.spans.GetSpans() {
				name := sp.Name
				if i := strings.IndexByte(name, ' '); i > 0 && strings.HasSuffix(name, "flush_tx_accounts") {
					name = name[:i] // INSERT, SELECT
				}
				got[name] = tr.parent(sp)
			}
			want := map[string]string{"request": "", "flush": "request", "INSERT": "flush", "transaction": "request", "SELECT": "transaction"}
			for name, parent := range want {
				if got[name] != parent {
					t.Errorf("%s's parent is %q; want %q (spans and parents: %v)", name, got[name], parent, got)
				}
			}
		})
	}
}
