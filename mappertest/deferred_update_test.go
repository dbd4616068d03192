package mappertest

import (
	"context"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type deferredDoc struct {
	ID    int64  `db:"id,pk,autoincrement"`
	Title string `db:"title,type=varchar(50)"`
	Body  string `db:"body,deferred"`
}

// Read with Mapping.Select, change one field, write back with
// Mapping.Update: the deferred column, never read, must not be blanked.
func TestSelectThenUpdateKeepsDeferred(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		meta := expr.NewMetaData()
		reg := mapper.NewRegistry(meta)
		docs := mapper.MustMap[deferredDoc](reg, "deferred_docs")
		reg.MustResolve()
		if err := e.CreateAll(ctx, meta); err != nil {
			t.Fatal(err)
		}
		ins, err := docs.Insert(&deferredDoc{ID: 1, Title: "t", Body: "long body"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Exec(ctx, ins); err != nil {
			t.Fatal(err)
		}
		row, err := engine.One(ctx, e, docs.Select().Where(docs.C("id").Eq(1)), mapper.Row[deferredDoc])
		if err != nil {
			t.Fatal(err)
		}
		row.Title = "T"
		upd, err := docs.Update(&row)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Exec(ctx, upd); err != nil {
			t.Fatal(err)
		}
		body, err := engine.Scalar[string](ctx, e, expr.Select(docs.C("body")).From(docs.Table))
		if err != nil {
			t.Fatal(err)
		}
		if body != "long body" {
			t.Errorf("body after Select + Update of the title: %q; want %q", body, "long body")
		}
	})
}
