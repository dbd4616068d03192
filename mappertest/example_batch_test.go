package mappertest

import (
	"context"
	"errors"
	"fmt"

	sqlitedialect "github.com/sqlforge/sqlforge/dialect-sqlite"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// Insert many structs and get every generated key back, then update one
// with optimistic locking: a stale copy is ErrStale, not a silent no-op.
func Example_insertBatch() {
	type Task struct {
		ID      int64  `db:"id,pk,autoincrement"`
		Title   string `db:"title"`
		Version int64  `db:"version,version"`
	}
	meta := expr.NewMetaData()
	tasks := mapper.MustMap[Task](mapper.NewRegistry(meta), "tasks")

	ctx := context.Background()
	e, err := sqlitedialect.Open(ctx, "file:example_batch?mode=memory&cache=shared")
	if err != nil {
		panic(err)
	}
	defer e.Close()
	if _, err := e.Exec(ctx, expr.CreateTable(tasks.Table)); err != nil {
		panic(err)
	}

	rows := []*Task{{Title: "write"}, {Title: "test"}, {Title: "land"}}
	// Size(2) makes two statements, run in one transaction.
	if err := engine.RunBatch(ctx, e, tasks.InsertBatch(rows).Size(2)); err != nil {
		panic(err)
	}
	for _, t := range rows {
		fmt.Println(t.ID, t.Title)
	}

	stale := *rows[0]
	rows[0].Title = "write more"
	if err := engine.RunBatch(ctx, e, tasks.UpdateBatch(rows[0])); err != nil {
		panic(err)
	}
	fmt.Println("version", rows[0].Version)
	err = engine.RunBatch(ctx, e, tasks.UpdateBatch(&stale))
	fmt.Println(errors.Is(err, mapper.ErrStale))
	// Output:
	// 1 write
	// 2 test
	// 3 land
	// version 1
	// true
}
