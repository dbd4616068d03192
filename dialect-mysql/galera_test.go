package mysqldialect_test

import (
	"context"
	"testing"
	"time"

	mysqldialect "github.com/sqlforge/sqlforge/dialect-mysql"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// TestCausalReadsSetting: CausalReads sets wsrep_sync_wait=1 on every
// connection, unless the DSN sets the variable itself. The server needs
// not run Galera: the session variable is there on any MariaDB. The
// reads it makes causal are tested on a Galera cluster, in clustertest.
func TestCausalReadsSetting(t *testing.T) {
	admin, cfg := myAdmin(t)
	db := myDatabase(t, admin, cfg)
	dsn := db.FormatDSN()
	withVar := db.Clone()
	withVar.Params = map[string]string{"wsrep_sync_wait": "3"}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, tc := range []struct {
		name string
		dsn  string
		opts []engine.OpenOption
		want int64
	}{
		{"off", dsn, nil, 0},
		{"on", dsn, []engine.OpenOption{mysqldialect.CausalReads()}, 1},
		{"DSN wins", withVar.FormatDSN(), []engine.OpenOption{mysqldialect.CausalReads()}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := mysqldialect.Open(ctx, tc.dsn, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			// Two connections at once: the setting is every connection's.
			tx, err := e.Begin(ctx, engine.TxOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			for _, q := range []engine.Querier{tx, e} {
				got, err := engine.Scalar[int64](ctx, q, expr.Text("SELECT @@session.wsrep_sync_wait"))
				if err != nil || got != tc.want {
					t.Fatalf("wsrep_sync_wait = %d, %v; want %d", got, err, tc.want)
				}
			}
		})
	}
}
