package mappertest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// Priority's labels are declared in an order that is neither their byte
// order nor a case-insensitive one, so each way of sorting shows.
type Priority string

func (Priority) SQLType() expr.Type { return expr.Enum("priority", "low", "high", "Urgent") }

type PrioritizedTask struct {
	ID       int64    `db:"id,pk"`
	Priority Priority `db:"priority"`
}

// An enum compares and sorts by the labels' bytes on every database:
// MariaDB's native ENUM sorted by declaration (low, high, Urgent), and its
// default collation and a PostgreSQL database's locale ignore case.
func TestEnumSortsAlikeEverywhere(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *db) {
		meta := expr.NewMetaData()
		tasks := mapper.MustMap[PrioritizedTask](mapper.NewRegistry(meta), "ptasks")
		d.create(t, meta)
		ins, _ := tasks.Insert(&PrioritizedTask{1, "low"}, &PrioritizedTask{2, "high"}, &PrioritizedTask{3, "Urgent"}, &PrioritizedTask{4, "low"})
		d.run(t, ins)
		p := tasks.C("priority")

		q := expr.Select(p).From(tasks.Table).OrderBy(p.Asc(), tasks.C("id").Asc())
		got, err := mapper.All[Priority](d.rows(t, q))
		if diff := cmp.Diff([]Priority{"Urgent", "high", "low", "low"}, got); err != nil || diff != "" {
			t.Errorf("ORDER BY priority (-want +got): %v\n%s", err, diff)
		}
		q = expr.Select(expr.CountAll()).From(tasks.Table).Where(p.Lt("high"))
		if n, err := mapper.One[int64](d.rows(t, q)); err != nil || n != 1 {
			t.Errorf("priority < 'high': got %d, %v; want 1 (Urgent)", n, err)
		}
		q = expr.Select(expr.CountAll()).From(tasks.Table).Where(p.Eq("urgent"))
		if n, err := mapper.One[int64](d.rows(t, q)); err != nil || n != 0 {
			t.Errorf("priority = 'urgent': got %d, %v; want 0", n, err)
		}
		ins, _ = tasks.Insert(&PrioritizedTask{5, "urgent"})
		text, args := d.compile(t, ins)
		if _, err := d.exec(context.Background(), text, args); err == nil {
			t.Error("a label outside the enum was stored")
		}
		if d.name == "postgres" { // the collation holds whatever the database's locale
			rows, err := d.query(context.Background(),
				`SELECT collation_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'ptasks' AND column_name = 'priority'`, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c, err := mapper.One[string](rows); err != nil || c != "C" {
				t.Errorf("collation of ptasks.priority: %q, %v; want C", c, err)
			}
		}
	})
}
