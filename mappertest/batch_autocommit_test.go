package mappertest

import (
	"context"
	"errors"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// Code has a natural key: an INSERT of it reads nothing back.
type Code struct {
	Code string `db:"code,pk,type=varchar(20)"`
	Name string `db:"name,type=varchar(20)"`
}

// Two INSERTs that read nothing back count two statements, as one INSERT
// with its read-back does; RunBatchAutocommit tells them apart by the
// batch's write count and refuses them before anything runs.
func TestRunBatchAutocommitTwoInserts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *engine.Engine) {
		ctx := context.Background()
		meta := expr.NewMetaData()
		m := mapper.MustMap[Code](mapper.NewRegistry(meta), "codes")
		createAll(t, e, meta)
		rows := []*Code{{Code: "a", Name: "x"}, {Code: "a", Name: "y"}} // the second is a duplicate key
		err := e.RunBatchAutocommit(ctx, m.InsertBatch(rows).Size(1))
		n, cerr := engine.Scalar[int64](ctx, e, expr.Select(expr.CountAll()).From(m.Table))
		if cerr != nil {
			t.Fatal(cerr)
		}
		if !errors.Is(err, engine.ErrBatchNotSingle) || n != 0 {
			t.Fatalf("two INSERTs: %v, %d rows; want ErrBatchNotSingle and no row", err, n)
		}
	})
}
