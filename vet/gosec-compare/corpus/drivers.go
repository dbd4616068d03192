package corpus

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlforge/sqlforge/pool"
)

// unsafe: concatenation into pgx's Conn.Exec.
func pgxConcatExec(ctx context.Context, c *pgx.Conn, table string) error {
	_, err := c.Exec(ctx, "DELETE FROM "+table)
	return err
}

// unsafe: fmt.Sprintf into a variable, then pgxpool's Query.
func pgxpoolSprintf(ctx context.Context, p *pgxpool.Pool, name string) (pgx.Rows, error) {
	q := fmt.Sprintf("SELECT id FROM users WHERE name = '%s'", name)
	return p.Query(ctx, q)
}

// unsafe: fmt.Sprintf queued in a pgx batch (SendBatch sends it).
func pgxBatchSprintf(ctx context.Context, c *pgx.Conn, names []string) error {
	b := &pgx.Batch{}
	for _, n := range names {
		b.Queue(fmt.Sprintf("INSERT INTO users (name) VALUES ('%s')", n))
	}
	return c.SendBatch(ctx, b).Close()
}

// safe: pgx with the value bound.
func pgxBound(ctx context.Context, c *pgx.Conn, name string) error {
	_, err := c.Exec(ctx, "DELETE FROM users WHERE name = $1", name)
	return err
}

// safe: a table name quoted by pgx.Identifier.Sanitize.
func pgxQuotedIdent(ctx context.Context, c *pgx.Conn, table string) error {
	_, err := c.Exec(ctx, "DROP TABLE "+pgx.Identifier{table}.Sanitize())
	return err
}

// unsafe: concatenation into sqlforge pool's QueryContext.
func poolConcat(ctx context.Context, db *pool.DB, name string) error {
	rows, err := db.QueryContext(ctx, "SELECT id FROM users WHERE name = '"+name+"'")
	if err == nil {
		rows.Close()
	}
	return err
}
