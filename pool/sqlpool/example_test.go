package sqlpool_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/sqlforge/sqlforge/pool/fakedriver"
	"github.com/sqlforge/sqlforge/pool/sqlpool"
)

// A *sqlpool.DB is used like a *sql.DB; only the type's package changes.
func Example() {
	db := sqlpool.OpenDB(&fakedriver.Connector{}) // or sqlpool.Open("sqlite3", "app.db")
	defer db.Close()
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	ctx := context.Background()

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		panic(err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + $1", 10); err != nil {
		panic(err)
	}
	if err := tx.Commit(); err != nil {
		panic(err)
	}
	fmt.Println("second commit:", errors.Is(tx.Commit(), sql.ErrTxDone))

	rows, err := db.QueryContext(ctx, "rows 3")
	if err != nil {
		panic(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		var score float64
		var when sql.NullTime
		var tag any
		var blob []byte
		var ok bool
		var note sql.NullString
		if err := rows.Scan(&id, &name, &score, &when, &tag, &blob, &ok, &note); err != nil {
			panic(err)
		}
		fmt.Println(id, name, score, when.Valid, tag, string(blob), ok, note.Valid)
	}
	if err := rows.Err(); err != nil {
		panic(err)
	}
	// Output:
	// second commit: true
	// 0 name-0 0.5 true <nil> blob-0 true false
	// 1 name-1 1.5 true <nil> blob-1 false false
	// 2 name-2 2.5 true <nil> blob-2 true false
}
