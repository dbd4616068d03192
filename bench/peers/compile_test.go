package peers_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strings"
	"testing"
	"time"

	sq "github.com/Masterminds/squirrel"
	"github.com/doug-martin/goqu/v9"
	_ "github.com/doug-martin/goqu/v9/dialect/postgres" // registers goqu's "postgres" dialect
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/schema"

	"github.com/sqlforge/sqlforge/bench/workloads"
)

// The compile benchmarks put sqlforge, the hand-written baseline and three
// query builders side by side on the workloads of bench/workloads. Each
// contender builds its statement and renders SQL and arguments on every
// iteration, from the same input values (workloads.FilterAt and friends).
// Run with:
//
//	go test -run '^$' -bench BenchmarkCompile -benchmem -count 6 . > compile.txt
//	benchstat -col /impl compile.txt

// render is one contender's implementation of a workload for call i.
type render func(i int, args []any) (string, []any, error)

// contender is a query builder and its five workloads, keyed by
// workloads.Workload.Name.
type contender struct {
	name      string
	workloads map[string]render
	// nargs is the number of arguments the contender binds for a workload;
	// builders that write some values (LIMIT) or all of them (bun) into
	// the SQL text bind fewer than sqlforge.
	nargs func(w workloads.Workload) int
}

func contenders() []contender {
	ours := func(f func(int, []any) (string, []any)) render {
		return func(i int, args []any) (string, []any, error) {
			s, a := f(i, args)
			return s, a, nil
		}
	}
	sqlforge := contender{name: "sqlforge", workloads: map[string]render{}, nargs: func(w workloads.Workload) int { return w.Args }}
	baseline := contender{name: "baseline", workloads: map[string]render{}, nargs: func(w workloads.Workload) int { return w.Args }}
	// prepared is sqlforge with statements built once (expr.Param), for
	// the workloads that have that form (not d-insert100).
	prepared := contender{name: "prepared", workloads: map[string]render{}, nargs: func(w workloads.Workload) int { return w.Args }}
	for _, w := range workloads.All {
		sqlforge.workloads[w.Name] = ours(w.SQLForge)
		baseline.workloads[w.Name] = ours(w.Baseline)
		if w.Prepared != nil {
			prepared.workloads[w.Name] = ours(w.Prepared)
		}
	}
	limitInText := func(w workloads.Workload) int {
		if w.Name == "a-select" {
			return w.Args - 1 // LIMIT 10 is written into the SQL
		}
		return w.Args
	}
	return []contender{
		sqlforge,
		baseline,
		prepared,
		{name: "squirrel", workloads: squirrelWorkloads, nargs: limitInText},
		{name: "goqu", workloads: goquWorkloads, nargs: func(w workloads.Workload) int { return w.Args }},
		{name: "bun", workloads: bunWorkloads, nargs: func(workloads.Workload) int { return 0 }}, // bun formats values into the SQL
	}
}

// BenchmarkCompile is BenchmarkCompile/q=<workload>/impl=<contender>.
func BenchmarkCompile(b *testing.B) {
	cs := contenders()
	for _, w := range workloads.All {
		b.Run("q="+w.Name, func(b *testing.B) {
			for _, c := range cs {
				f, ok := c.workloads[w.Name]
				if !ok {
					continue // a contender without this workload (prepared has no d-insert100)
				}
				b.Run("impl="+c.name, func(b *testing.B) {
					args := make([]any, 0, w.Args)
					var (
						text string
						err  error
					)
					i := 0
					b.ReportAllocs()
					for b.Loop() {
						text, args, err = f(i, args[:0])
						i++
					}
					if err != nil || text == "" {
						b.Fatalf("%s: SQL %q, error %v", c.name, text, err)
					}
				})
			}
		})
	}
}

// TestPlausible checks that every contender renders non-empty SQL of the
// expected kind with the expected number of arguments, and that the
// values of the call show up (as arguments or, for bun, in the text).
func TestPlausible(t *testing.T) {
	verbs := map[string]string{
		"a-select": "SELECT", "b-join": "SELECT", "c-insert": "INSERT",
		"d-insert100": "INSERT", "e-update": "UPDATE",
	}
	for _, c := range contenders() {
		for _, w := range workloads.All {
			t.Run(c.name+"/"+w.Name, func(t *testing.T) {
				f := c.workloads[w.Name]
				if f == nil {
					if c.name == "prepared" && w.Name == "d-insert100" {
						return // the one workload without a prepared form
					}
					t.Fatal("workload missing")
				}
				text, args, err := f(3, nil)
				if err != nil {
					t.Fatal(err)
				}
				if len(text) < 400 {
					t.Logf("%s %v", text, args)
				}
				if !strings.HasPrefix(text, verbs[w.Name]) {
					t.Fatalf("SQL does not start with %s: %s", verbs[w.Name], text)
				}
				if got, want := len(args), c.nargs(w); got != want {
					t.Fatalf("%d args, want %d\nSQL: %s\nargs: %v", got, want, text, args)
				}
				if want := c.nargs(w); want > 0 && strings.Count(text, "$") != want {
					t.Fatalf("%d placeholders, want %d: %s", strings.Count(text, "$"), want, text)
				}
				// The call's first string value must reach the database.
				probe := map[string]string{
					"a-select": workloads.FilterAt(3).Status, "b-join": workloads.TotalsAt(3).Status,
					"c-insert": workloads.UserAt(3).Name, "d-insert100": workloads.BatchAt(3)[BatchLast].Name,
					"e-update": workloads.ChangeAt(3).Name,
				}[w.Name]
				if !contains(text, args, probe) {
					t.Fatalf("value %q neither bound nor in the SQL: %s %v", probe, text, args)
				}
				text2, _, err := f(4, nil)
				if err != nil {
					t.Fatal(err)
				}
				if c.name == "bun" && text2 == text {
					t.Fatalf("bun rendered the same SQL for two calls: %s", text)
				}
			})
		}
	}
}

// BatchLast is the index of the last row of a batch.
const BatchLast = workloads.BatchSize - 1

func contains(text string, args []any, v string) bool {
	for _, a := range args {
		if a == v {
			return true
		}
	}
	return strings.Contains(text, "'"+v+"'")
}

// --- squirrel ---

var psq = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

var squirrelWorkloads = map[string]render{
	"a-select": func(i int, _ []any) (string, []any, error) {
		f := workloads.FilterAt(i)
		return psq.Select("id", "name", "email").From("users").
			Where(sq.Gt{"age": f.MinAge}).
			Where(sq.Eq{"status": f.Status}).
			Where(sq.Like{"name": f.NameLike}).
			OrderBy("created_at DESC").
			Limit(uint64(f.Limit)).
			ToSql()
	},
	"b-join": func(i int, _ []any) (string, []any, error) {
		t := workloads.TotalsAt(i)
		recent := sq.Select("orders.user_id").From("orders").Where(sq.GtOrEq{"orders.created_at": t.Since})
		return psq.Select("users.id", "users.name", "count(orders.id) AS order_count", "sum(orders.amount) AS total").
			From("users").
			Join("orders ON orders.user_id = users.id").
			Where(sq.Eq{"users.status": t.Status}).
			Where(sq.Expr("users.id IN (?)", recent)).
			GroupBy("users.id", "users.name").
			Having("sum(orders.amount) > ?", t.MinTotal).
			ToSql()
	},
	"c-insert": func(i int, _ []any) (string, []any, error) {
		u := workloads.UserAt(i)
		return psq.Insert("users").Columns("id", "name", "email", "age", "status", "created_at").
			Values(u.ID, u.Name, u.Email, u.Age, u.Status, u.CreatedAt).
			ToSql()
	},
	"d-insert100": func(i int, _ []any) (string, []any, error) {
		q := psq.Insert("users").Columns("id", "name", "email", "age", "status", "created_at")
		for _, u := range workloads.BatchAt(i) {
			q = q.Values(u.ID, u.Name, u.Email, u.Age, u.Status, u.CreatedAt)
		}
		return q.ToSql()
	},
	"e-update": func(i int, _ []any) (string, []any, error) {
		c := workloads.ChangeAt(i)
		return psq.Update("users").
			Set("name", c.Name).
			Set("email", c.Email).
			Set("status", c.Status).
			Where(sq.Eq{"id": c.ID}).
			ToSql()
	},
}

// --- goqu ---

var pg = goqu.Dialect("postgres")

var goquWorkloads = map[string]render{
	"a-select": func(i int, _ []any) (string, []any, error) {
		f := workloads.FilterAt(i)
		return pg.From("users").Select("id", "name", "email").
			Where(goqu.C("age").Gt(f.MinAge), goqu.C("status").Eq(f.Status), goqu.C("name").Like(f.NameLike)).
			Order(goqu.C("created_at").Desc()).
			Limit(uint(f.Limit)).
			Prepared(true).ToSQL()
	},
	"b-join": func(i int, _ []any) (string, []any, error) {
		t := workloads.TotalsAt(i)
		recent := pg.From("orders").Select("user_id").Where(goqu.C("created_at").Gte(t.Since))
		return pg.From("users").
			Select(goqu.I("users.id"), goqu.I("users.name"),
				goqu.COUNT(goqu.I("orders.id")).As("order_count"),
				goqu.SUM(goqu.I("orders.amount")).As("total")).
			Join(goqu.T("orders"), goqu.On(goqu.I("orders.user_id").Eq(goqu.I("users.id")))).
			Where(goqu.I("users.status").Eq(t.Status), goqu.I("users.id").In(recent)).
			GroupBy(goqu.I("users.id"), goqu.I("users.name")).
			Having(goqu.SUM(goqu.I("orders.amount")).Gt(t.MinTotal)).
			Prepared(true).ToSQL()
	},
	"c-insert": func(i int, _ []any) (string, []any, error) {
		u := workloads.UserAt(i)
		return pg.Insert("users").Cols("id", "name", "email", "age", "status", "created_at").
			Vals(goqu.Vals{u.ID, u.Name, u.Email, u.Age, u.Status, u.CreatedAt}).
			Prepared(true).ToSQL()
	},
	"d-insert100": func(i int, _ []any) (string, []any, error) {
		q := pg.Insert("users").Cols("id", "name", "email", "age", "status", "created_at")
		for _, u := range workloads.BatchAt(i) {
			q = q.Vals(goqu.Vals{u.ID, u.Name, u.Email, u.Age, u.Status, u.CreatedAt})
		}
		return q.Prepared(true).ToSQL()
	},
	"e-update": func(i int, _ []any) (string, []any, error) {
		c := workloads.ChangeAt(i)
		return pg.Update("users").
			Set(goqu.Record{"name": c.Name, "email": c.Email, "status": c.Status}).
			Where(goqu.C("id").Eq(c.ID)).
			Prepared(true).ToSQL()
	},
}

// --- bun ---

// bunDB renders queries with bun's PostgreSQL dialect; it never connects.
var bunDB = bun.NewDB(sql.OpenDB(noConnector{}), pgdialect.New())

// bunUser is the users table as a bun model.
type bunUser struct {
	bun.BaseModel `bun:"table:users"`

	ID        int64     `bun:"id,pk"`
	Name      string    `bun:"name"`
	Email     string    `bun:"email"`
	Age       int       `bun:"age"`
	Status    string    `bun:"status"`
	CreatedAt time.Time `bun:"created_at"`
}

func toBun(u workloads.User) bunUser {
	return bunUser{ID: u.ID, Name: u.Name, Email: u.Email, Age: u.Age, Status: u.Status, CreatedAt: u.CreatedAt}
}

// bunBatches are workloads.BatchAt's batches as bun models, made once as
// the batches themselves are.
var bunBatches = func() (out [workloads.NumBatches][]bunUser) {
	for b := range out {
		for _, u := range workloads.BatchAt(b) {
			out[b] = append(out[b], toBun(u))
		}
	}
	return out
}()

// renderBun renders q as bun's String does, returning the error instead of
// panicking.
func renderBun(q schema.QueryAppender) (string, []any, error) {
	b, err := q.AppendQuery(bunDB.QueryGen(), nil)
	if err != nil {
		return "", nil, err
	}
	return string(b), nil, nil
}

var bunWorkloads = map[string]render{
	"a-select": func(i int, _ []any) (string, []any, error) {
		f := workloads.FilterAt(i)
		return renderBun(bunDB.NewSelect().Table("users").Column("id", "name", "email").
			Where("age > ?", f.MinAge).
			Where("status = ?", f.Status).
			Where("name LIKE ?", f.NameLike).
			OrderExpr("created_at DESC").
			Limit(int64(f.Limit)))
	},
	"b-join": func(i int, _ []any) (string, []any, error) {
		t := workloads.TotalsAt(i)
		recent := bunDB.NewSelect().Table("orders").Column("user_id").Where("created_at >= ?", t.Since)
		return renderBun(bunDB.NewSelect().
			TableExpr("users").
			ColumnExpr("users.id, users.name, count(orders.id) AS order_count, sum(orders.amount) AS total").
			Join("JOIN orders ON orders.user_id = users.id").
			Where("users.status = ?", t.Status).
			Where("users.id IN (?)", recent).
			GroupExpr("users.id, users.name").
			Having("sum(orders.amount) > ?", t.MinTotal))
	},
	"c-insert": func(i int, _ []any) (string, []any, error) {
		u := toBun(workloads.UserAt(i))
		return renderBun(bunDB.NewInsert().Model(&u))
	},
	"d-insert100": func(i int, _ []any) (string, []any, error) {
		rows := bunBatches[i%workloads.NumBatches]
		return renderBun(bunDB.NewInsert().Model(&rows))
	},
	"e-update": func(i int, _ []any) (string, []any, error) {
		c := workloads.ChangeAt(i)
		return renderBun(bunDB.NewUpdate().Table("users").
			Set("name = ?", c.Name).
			Set("email = ?", c.Email).
			Set("status = ?", c.Status).
			Where("id = ?", c.ID))
	},
}

// noConnector lets bun.NewDB have a *sql.DB without a database: rendering
// a query never opens a connection.
type noConnector struct{}

var errNoDatabase = errors.New("peers: the compile benchmarks have no database")

func (noConnector) Connect(context.Context) (driver.Conn, error) { return nil, errNoDatabase }
func (noConnector) Driver() driver.Driver                        { return noDriver{} }

type noDriver struct{}

func (noDriver) Open(string) (driver.Conn, error) { return nil, errNoDatabase }
