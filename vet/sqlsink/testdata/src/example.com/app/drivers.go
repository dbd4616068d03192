package app

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/pool"
	"github.com/sqlforge/sqlforge/pool/sqlpool"
)

func pgxSinks(ctx context.Context, c *pgx.Conn, tx pgx.Tx, p *pgxpool.Pool, pc *pgconn.PgConn, name string, names []string) {
	c.Query(ctx, "SELECT * FROM t WHERE name = '"+name+"'") // want `\(\*pgx.Conn\).Query`
	c.QueryRow(ctx, "SELECT * FROM "+name)                  // want `\(\*pgx.Conn\).QueryRow`
	c.Exec(ctx, "DELETE FROM "+name)                        // want `\(\*pgx.Conn\).Exec`
	c.Prepare(ctx, "stmt", "SELECT * FROM "+name)           // want `\(\*pgx.Conn\).Prepare`
	c.Prepare(ctx, "stmt_"+name, "SELECT 1")                // the statement's name is not SQL
	c.Exec(ctx, "DELETE FROM t WHERE name = $1", name)
	tx.Exec(ctx, "DELETE FROM "+name)                           // want `pgx.Tx.Exec`
	p.Query(ctx, fmt.Sprintf("SELECT * FROM %s", name))         // want `\(\*pgxpool.Pool\).Query`
	pc.Exec(ctx, "DELETE FROM "+name)                           // want `\(\*pgconn.PgConn\).Exec`
	pc.ExecParams(ctx, "DELETE FROM "+name, nil, nil, nil, nil) // want `\(\*pgconn.PgConn\).ExecParams`
	b := &pgx.Batch{}
	for _, n := range names {
		b.Queue("INSERT INTO t VALUES ('" + n + "')") // want `\(\*pgx.Batch\).Queue`
		b.Queue("INSERT INTO t VALUES ($1)", n)
	}
	c.SendBatch(ctx, b)
	c.Exec(ctx, "DROP TABLE "+pgx.Identifier{name}.Sanitize()) // quoted by pgx
}

func sqlforgeSinks(ctx context.Context, db *sqlpool.DB, pdb *pool.DB, ptx *pool.Tx, d compile.Dialect, name string) {
	db.QueryContext(ctx, "SELECT * FROM "+name) // want `\(\*sqlpool.DB\).QueryContext`
	pdb.Exec("DELETE FROM " + name)             // want `\(\*sqlpool.DB\).Exec`
	ptx.QueryRow("SELECT * FROM " + name)       // want `\(\*sqlpool.Tx\).QueryRow`
	q := compile.AppendQuoted([]byte("DROP TABLE "), name, '"')
	db.Exec(string(q)) // quoted by sqlforge
	q2, _ := d.AppendIdent([]byte("DROP TABLE "), name)
	db.Exec(string(q2))
	q3, _ := compile.ANSI{}.AppendIdent([]byte("DROP TABLE "), name)
	db.Exec(string(q3))
	q4 := append([]byte("DROP TABLE "), name...)
	db.Exec(string(q4)) // want `by append at line 46`
}

// The escape hatch: unsaferaw reports its calls, so this analyzer does
// not; a function that passes its argument to it is a sink.
func escapeHatch(name string) {
	expr.UnsafeRawSQL("SELECT * FROM " + name)
	trustedRaw("SELECT * FROM t WHERE name = '" + name + "'") // want `app.trustedRaw, which passes it to expr.UnsafeRawSQL`
	trustedRaw("SELECT 1")
}

func trustedRaw(sql string) *expr.TextClause { // want trustedRaw:`arg 0 reaches expr.UnsafeRawSQL; result 0: opaque`
	return expr.UnsafeRawSQL(sql) // sqlforgevet:reviewed: callers pass constants
}
