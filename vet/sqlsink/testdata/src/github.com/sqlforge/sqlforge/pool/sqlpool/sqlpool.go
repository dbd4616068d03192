// Package sqlpool stubs sqlforge's database/sql look-alike.
package sqlpool

import (
	"context"
	"database/sql"
)

type Rows struct{}

type Row struct{}

type Stmt struct{}

type DB struct{}

func (db *DB) Exec(query string, args ...any) (sql.Result, error) { return nil, nil }
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, nil
}
func (db *DB) Query(query string, args ...any) (*Rows, error) { return nil, nil }
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	return nil, nil
}
func (db *DB) QueryRow(query string, args ...any) *Row                             { return nil }
func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *Row { return nil }
func (db *DB) Prepare(query string) (*Stmt, error)                                 { return nil, nil }
func (db *DB) PrepareContext(ctx context.Context, query string) (*Stmt, error)     { return nil, nil }
func (db *DB) Begin() (*Tx, error)                                                 { return nil, nil }

type Tx struct{}

func (tx *Tx) Exec(query string, args ...any) (sql.Result, error) { return nil, nil }
func (tx *Tx) QueryRow(query string, args ...any) *Row            { return nil }

type Conn struct{}

func (c *Conn) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	return nil, nil
}
