package mappertest

import (
	"context"
	"testing"

	"github.com/sqlforge/sqlforge/mapper"
)

// indexesOnColumn is a catalog query counting the indexes of table that
// include column, per database.
var indexesOnColumn = map[string]string{
	"sqlite": `SELECT count(*) FROM pragma_index_list(?) AS l, pragma_index_info(l.name) AS i WHERE i.name = ?`,
	"postgres": `SELECT count(*) FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(x.indkey)
		WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = $1 AND a.attname = $2`,
	"mariadb": `SELECT count(*) FROM information_schema.statistics
		WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?`,
}

// indexesOn returns the number of indexes of table that include column.
func indexesOn(t *testing.T, d *db, table, column string) int64 {
	t.Helper()
	name := d.name
	if name == "pgx" {
		name = "postgres"
	}
	rows, err := d.query(context.Background(), indexesOnColumn[name], []any{table, column})
	if err != nil {
		t.Fatal(err)
	}
	n, err := mapper.One[int64](rows)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
