package app

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"

	"example.com/helpers"
)

// selectFrom builds SQL from its parameter: its callers are reported when
// they pass a value that is not a constant.
func selectFrom(table string) string { return fmt.Sprintf("SELECT * FROM %s", table) } // want selectFrom:`result 0: built by fmt.Sprintf from args \[0\]`

func orderBy(col string) string { return " ORDER BY " + col } // want orderBy:`result 0: built by concatenation from args \[0\]`

func fromEnv() string { return "SELECT * FROM " + os.Getenv("TABLE") } // want fromEnv:`result 0: built by concatenation$`

func same(q string) string { return q } // want same:`result 0: args \[0\]$`

func useHelpers(db *sql.DB, table, col string) {
	db.Query(selectFrom(table)) // want `fmt.Sprintf in selectFrom`
	db.Query(selectFrom("users"))
	db.Query(usersQuery + orderBy(col)) // want `concatenation in orderBy`
	db.Query(usersQuery + orderBy("id"))
	db.Query(fromEnv()) // want `concatenation in fromEnv`
	db.Query(same(usersQuery))
	db.Query(same("SELECT " + col))           // want `concatenation`
	db.Query(usersQuery + helpers.Where(col)) // want `concatenation in Where`
	db.Query(usersQuery + helpers.Where("id"))
}

type repo struct{ db *sql.DB }

// exec passes its SQL to a sink: a sink for its callers.
func (r *repo) exec(q string, args ...any) error { // want exec:`arg 1 reaches \(\*sql.DB\).Exec; result 0: opaque`
	_, err := r.db.Exec(q, args...)
	return err
}

func (r *repo) execVia(q string) error { return r.exec(q) } // want execVia:`arg 1 reaches \(\*sql.DB\).Exec; result 0: opaque`

func useWrappers(db *sql.DB, r *repo, name string) {
	r.exec("DELETE FROM t WHERE name = '" + name + "'") // want `\(\*app.repo\).exec, which passes it to \(\*sql.DB\).Exec`
	r.exec("DELETE FROM t WHERE name = ?", name)
	r.execVia("DELETE FROM " + name)     // want `\(\*app.repo\).execVia, which passes it to \(\*sql.DB\).Exec`
	helpers.Run(db, "DELETE FROM "+name) // want `helpers.Run, which passes it to \(\*sql.DB\).Exec`
	helpers.Run(db, "DELETE FROM t")
}

// quoteIdent quotes an identifier; its reviewed return makes its result
// trusted.
func quoteIdent(name string) string { // want quoteIdent:`result 0: safe`
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` // sqlforgevet:reviewed: quotes an identifier
}

func useQuote(db *sql.DB, table string) {
	db.Exec("DROP TABLE " + quoteIdent(table))
}

// DBTX has the methods of *sql.DB that sqlc-generated code uses: an
// interface with database/sql's shape is a sink.
type DBTX interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func viaInterface(ctx context.Context, q DBTX, table string) {
	q.ExecContext(ctx, "DELETE FROM "+table) // want `app.DBTX.ExecContext`
	q.QueryContext(ctx, "SELECT * FROM t WHERE name = $1", table)
}
