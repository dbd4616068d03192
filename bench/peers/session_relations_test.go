package peers_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/unitofwork"
)

// BenchmarkSessionLoadRelations loads 100 users, each user's 10 orders
// and each order's 5 items (5,000 items), ordered by user key, into
// linked structs:
//
//	impl=sqlforge     unitofwork.All with SelectIn("Orders.Items") on a new
//	                  Session: one query per step of the path, IN over the
//	                  keys of the step before (500 keys a query; one array
//	                  parameter on PostgreSQL); every object enters the
//	                  identity map and is snapshotted
//	impl=sqlforge-joined
//	                  the same with Joined("Orders.Items"): one statement,
//	                  users LEFT JOIN orders LEFT JOIN items, 5,000 rows
//	                  folded into 5,610 objects
//	impl=bun          bun's Relation("Orders").Relation("Orders.Items")
//	impl=gorm         GORM's Preload("Orders.Items").Find
//	impl=handwritten  three queries, IN over the keys (= ANY($1) on the
//	                  pgx pool on PostgreSQL, an IN list on database/sql on
//	                  SQLite), scanned field by field and linked through
//	                  maps: the limit
//
// bun and GORM have no joined loading of collections: Relation and
// Preload load them with a query per step, as selectin does.
// TestSessionLoadRelationsEquivalent checks that every contender loads
// the same graph.
func BenchmarkSessionLoadRelations(b *testing.B) {
	for _, db := range relDBs {
		b.Run("db="+db.name, func(b *testing.B) {
			d := db.open(b)
			seedRelations(b, d)
			for _, c := range relContenders(d) {
				b.Run("impl="+c.name, func(b *testing.B) {
					ctx := context.Background()
					b.ReportAllocs()
					defer cpuMeter(b)()
					for b.Loop() {
						users, err := c.load(ctx)
						if err != nil {
							b.Fatal(err)
						}
						if len(users) != relUsers {
							b.Fatalf("%d users; want %d", len(users), relUsers)
						}
					}
				})
			}
		})
	}
}

// TestSessionLoadRelationsEquivalent loads the graph with every
// contender of BenchmarkSessionLoadRelations and compares it with the
// seeded one (counts and a hash of every value), and counts sqlforge's
// statements through an engine hook: one per step of the path, the items'
// step split in 500-key chunks where the dialect has no array parameters,
// and one for the joined load.
func TestSessionLoadRelationsEquivalent(t *testing.T) {
	for _, db := range relDBs {
		t.Run("db="+db.name, func(t *testing.T) {
			var count statementHook
			d := db.open(t, engine.WithHooks(&count))
			seedRelations(t, d)
			want := sumRelGraph(newRelGraph())
			if want.users != relUsers || want.orders != relUsers*relOrdersPer || want.items != relUsers*relOrdersPer*relItemsPer {
				t.Fatalf("seeded graph: %+v", want)
			}
			wantStatements := int64(3)
			if !d.e.Dialect().Features().Has(compile.ArrayBind) {
				wantStatements = 1 + 1 + relUsers*relOrdersPer/500 // users, orders, items in chunks
			}
			for _, c := range relContenders(d) {
				t.Run("impl="+c.name, func(t *testing.T) {
					before := count.n.Load()
					users, err := c.load(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					if got := sumRelGraph(users); got != want {
						t.Errorf("loaded %+v; want %+v", got, want)
					}
					sent := count.n.Load() - before
					if c.name == "sqlforge" && sent != wantStatements {
						t.Errorf("sqlforge sent %d statements; want %d", sent, wantStatements)
					}
					if c.name == "sqlforge-joined" && sent != 1 {
						t.Errorf("sqlforge-joined sent %d statements; want 1", sent)
					}
					if !strings.HasPrefix(c.name, "sqlforge") && sent != 0 {
						t.Errorf("%s went through the engine (%d statements)", c.name, sent)
					}
				})
			}
			if bad := count.other.Load(); bad != 0 {
				t.Errorf("%d statements other than SELECT", bad)
			}
		})
	}
}

// statementHook is an engine hook counting the statements sent, and
// those that are not SELECTs.
type statementHook struct{ n, other atomic.Int64 }

func (h *statementHook) BeforeQuery(ctx context.Context, ev *engine.QueryEvent) context.Context {
	h.n.Add(1)
	if !strings.HasPrefix(ev.SQL, "SELECT ") {
		h.other.Add(1)
	}
	return ctx
}

func (*statementHook) AfterQuery(context.Context, *engine.QueryEvent) {}

// relContender is one way of loading the graph.
type relContender struct {
	name string
	load func(ctx context.Context) ([]*relUser, error)
}

func relContenders(d *sessionDB) []relContender {
	return []relContender{
		{"sqlforge", func(ctx context.Context) ([]*relUser, error) {
			s := unitofwork.New(d.e, relUsersMap.Registry())
			defer s.Close()
			return unitofwork.All[relUser](ctx, s, relUsersMap.Select().OrderBy(relUsersMap.C("id").Asc()),
				unitofwork.SelectIn("Orders.Items"))
		}},
		{"sqlforge-joined", func(ctx context.Context) ([]*relUser, error) {
			s := unitofwork.New(d.e, relUsersMap.Registry())
			defer s.Close()
			return unitofwork.All[relUser](ctx, s, relUsersMap.Select().OrderBy(relUsersMap.C("id").Asc()),
				unitofwork.Joined("Orders.Items"))
		}},
		{"bun", func(ctx context.Context) ([]*relUser, error) {
			var users []*relUser
			err := d.bun.NewSelect().Model(&users).Relation("Orders").Relation("Orders.Items").Order("id").Scan(ctx)
			return users, err
		}},
		{"gorm", func(ctx context.Context) ([]*relUser, error) {
			var users []*relUser
			err := d.gorm.WithContext(ctx).Preload("Orders.Items").Order("id").Find(&users).Error
			return users, err
		}},
		{"handwritten", func(ctx context.Context) ([]*relUser, error) { return handLoadRelations(ctx, d) }},
	}
}
