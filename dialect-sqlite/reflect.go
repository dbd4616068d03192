package sqlitedialect

import (
	"context"
	"strconv"
	"strings"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// Reflector reads table definitions from SQLite's schema table and
// pragmas. The zero value is ready to use:
//
//	meta, err := engine.Reflect(ctx, e, sqlitedialect.Reflector{})
type Reflector struct{}

var _ engine.Reflector = Reflector{}

var (
	tablesQuery  = expr.Text("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name")
	columnsQuery = expr.Text(`SELECT name, type, "notnull", pk FROM pragma_table_info(:t) ORDER BY cid`)
	fkQuery      = expr.Text(`SELECT id, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(:t) ORDER BY id, seq`)
	indexQuery   = expr.Text(`SELECT name, "unique", origin FROM pragma_index_list(:t) ORDER BY name`)
	indexColumns = expr.Text(`SELECT name FROM pragma_index_info(:i) ORDER BY seqno`)
)

// ReflectTables reads every table of the main database.
func (Reflector) ReflectTables(ctx context.Context, e *engine.Engine) ([]engine.TableInfo, error) {
	type table struct{ name, sql string }
	scan := func(r *engine.Rows) (table, error) {
		var t table
		err := r.Scan(&t.name, &t.sql)
		return t, err
	}
	return engine.ReflectEach(ctx, e, tablesQuery, scan, func(ctx context.Context, t table) (engine.TableInfo, error) {
		return reflectTable(ctx, e, t.name, strings.Contains(strings.ToUpper(t.sql), "AUTOINCREMENT"))
	})
}

func reflectTable(ctx context.Context, e *engine.Engine, name string, autoinc bool) (engine.TableInfo, error) {
	ti := engine.TableInfo{Name: name}
	type col struct {
		info engine.ColumnInfo
		pk   int
	}
	cols, err := engine.All(ctx, e, columnsQuery.Bind("t", name), func(r *engine.Rows) (col, error) {
		var c col
		var notNull int
		err := r.Scan(&c.info.Name, &c.info.DBType, &notNull, &c.pk)
		c.info.Nullable = notNull == 0 && c.pk == 0
		c.info.Type = typeOf(c.info.DBType)
		return c, err
	})
	if err != nil {
		return ti, err
	}
	pk := map[int]string{}
	for _, c := range cols {
		if c.pk > 0 {
			pk[c.pk] = c.info.Name
		}
	}
	for i := 1; i <= len(pk); i++ {
		ti.PrimaryKey = append(ti.PrimaryKey, pk[i])
	}
	for _, c := range cols {
		// Only an INTEGER PRIMARY KEY of its own aliases the rowid.
		c.info.AutoIncrement = autoinc && c.pk > 0 && len(pk) == 1 && strings.EqualFold(c.info.DBType, "INTEGER")
		ti.Columns = append(ti.Columns, c.info)
	}

	type fkRow struct {
		id                 int
		table, from, to    string
		onUpdate, onDelete string
	}
	fks, err := engine.All(ctx, e, fkQuery.Bind("t", name), func(r *engine.Rows) (fkRow, error) {
		var f fkRow
		err := r.Scan(&f.id, &f.table, &f.from, &f.to, &f.onUpdate, &f.onDelete)
		return f, err
	})
	if err != nil {
		return ti, err
	}
	for i, f := range fks {
		if i == 0 || fks[i-1].id != f.id {
			ti.ForeignKeys = append(ti.ForeignKeys, engine.ForeignKeyInfo{
				RefTable: f.table, OnDelete: expr.ParseAction(f.onDelete), OnUpdate: expr.ParseAction(f.onUpdate),
			})
		}
		fk := &ti.ForeignKeys[len(ti.ForeignKeys)-1]
		fk.Columns = append(fk.Columns, f.from)
		fk.RefColumns = append(fk.RefColumns, f.to)
	}

	type ixRow struct {
		name   string
		unique int
		origin string
	}
	ixs, err := engine.All(ctx, e, indexQuery.Bind("t", name), func(r *engine.Rows) (ixRow, error) {
		var x ixRow
		err := r.Scan(&x.name, &x.unique, &x.origin)
		return x, err
	})
	if err != nil {
		return ti, err
	}
	for _, x := range ixs {
		if x.origin == "pk" {
			continue
		}
		cols, err := engine.All(ctx, e, indexColumns.Bind("i", x.name), engine.ScanValue[string])
		if err != nil {
			return ti, err
		}
		if x.origin == "u" {
			// A UNIQUE constraint; SQLite names it sqlite_autoindex_<table>_<n>.
			ti.Uniques = append(ti.Uniques, engine.UniqueInfo{Name: uniqueName(name, x.name, cols), Columns: cols})
			continue
		}
		ti.Indexes = append(ti.Indexes, engine.IndexInfo{Name: x.name, Columns: cols, Unique: x.unique == 1})
	}
	return ti, nil
}

// uniqueName keeps a constraint's own name and replaces SQLite's
// automatic one with uq_<table>_<columns>.
func uniqueName(table, index string, cols []string) string {
	if !strings.HasPrefix(index, "sqlite_autoindex_") {
		return index
	}
	return "uq_" + table + "_" + strings.Join(cols, "_")
}

// typeOf maps a declared column type back to a portable type.
func typeOf(decl string) expr.Type {
	u := strings.ToUpper(strings.TrimSpace(decl))
	base, args := u, ""
	if i := strings.IndexByte(u, '('); i >= 0 && strings.HasSuffix(u, ")") {
		base, args = strings.TrimSpace(u[:i]), u[i+1:len(u)-1]
	}
	switch base {
	case "SMALLINT":
		return expr.SmallInt
	case "INTEGER", "INT":
		return expr.Integer
	case "BIGINT":
		return expr.BigInt
	case "REAL", "DOUBLE", "FLOAT":
		return expr.Double
	case "NUMERIC", "DECIMAL", "DECIMAL_TEXT": // DECIMAL_TEXT: see appendNumeric
		p, s := twoInts(args)
		return expr.Numeric(p, s)
	case "TEXT", "CLOB":
		return expr.String
	case "VARCHAR", "CHARACTER VARYING", "NVARCHAR":
		n, _ := twoInts(args)
		return expr.Varchar(n)
	case "BOOLEAN":
		return expr.Boolean
	case "DATE":
		return expr.Date
	case "TIMESTAMP", "DATETIME":
		return expr.Timestamp
	case "BLOB":
		return expr.Bytes
	}
	return expr.Type{}
}

func twoInts(s string) (int, int) {
	a, b, _ := strings.Cut(s, ",")
	x, _ := strconv.Atoi(strings.TrimSpace(a))
	y, _ := strconv.Atoi(strings.TrimSpace(b))
	return x, y
}
