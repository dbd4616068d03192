// Command pool is a database/sql program moved to sqlforge's pool: the
// only changes are the import, pool.Open instead of sql.Open and the type
// *pool.DB instead of *sql.DB. Everything else — Exec, Query, Scan into
// sql.NullString, transactions, sql.ErrNoRows — is the database/sql API.
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/sqlforge/sqlforge/pool"
)

// store is the program's data access; it used to hold a *sql.DB.
type store struct {
	db *pool.DB
}

func (s store) migrate(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS users (
		id INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		email TEXT
	)`)
	return err
}

func (s store) addUsers(ctx context.Context, names ...string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO users (name, email) VALUES (?, ?)")
	if err != nil {
		return err
	}
	for i, name := range names {
		var email sql.NullString
		if i%2 == 0 {
			email = sql.NullString{String: name + "@example.com", Valid: true}
		}
		if _, err := stmt.ExecContext(ctx, name, email); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (s store) printUsers(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "SELECT id, name, email FROM users ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		var email sql.NullString
		if err := rows.Scan(&id, &name, &email); err != nil {
			return err
		}
		if email.Valid {
			fmt.Printf("%d %s <%s>\n", id, name, email.String)
		} else {
			fmt.Printf("%d %s (no email)\n", id, name)
		}
	}
	return rows.Err()
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	// Was: db, err := sql.Open("sqlite3", ...)
	db, err := pool.Open("sqlite3", "file:example?mode=memory&cache=shared")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	db.SetConnMaxLifetime(time.Hour)

	s := store{db: db}
	if err := s.migrate(ctx); err != nil {
		log.Fatal(err)
	}
	if err := s.addUsers(ctx, "ada", "grace", "linus"); err != nil {
		log.Fatal(err)
	}
	if err := s.printUsers(ctx); err != nil {
		log.Fatal(err)
	}

	var name string
	err = db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = ?", 42).Scan(&name)
	fmt.Println("user 42 missing:", errors.Is(err, sql.ErrNoRows))

	st := db.Stats()
	fmt.Printf("open=%d in_use=%d idle=%d shards=%d\n", st.OpenConnections, st.InUse, st.Idle, len(st.Shards))
}
