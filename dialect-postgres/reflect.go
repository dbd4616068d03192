package pgdialect

import (
	"context"
	"database/sql"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// Reflector reads table definitions of the current schema from
// information_schema and pg_catalog. The zero value is ready to use:
//
//	meta, err := engine.Reflect(ctx, e, pgdialect.Reflector{})
type Reflector struct{}

var _ engine.Reflector = Reflector{}

var (
	tablesQuery = expr.Text(`SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1`)

	columnsQuery = expr.Text(`SELECT column_name::text, data_type::text, udt_name::text,
	character_maximum_length, numeric_precision, numeric_scale,
	is_nullable = 'YES', is_identity = 'YES' OR coalesce(column_default LIKE 'nextval(%', false)
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = :t ORDER BY ordinal_position`)

	constraintsQuery = expr.Text(`SELECT con.conname::text, con.contype::text, a.attname::text,
	coalesce(rc.relname::text, ''), coalesce(ra.attname::text, ''), con.confdeltype::text, con.confupdtype::text
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(n, rn, i)
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n
LEFT JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.rn
WHERE n.nspname = current_schema() AND c.relname = :t AND con.contype IN ('p', 'u', 'f')
ORDER BY con.conname, k.i`)

	indexesQuery = expr.Text(`SELECT i.relname::text, ix.indisunique, a.attname::text
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class c ON c.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(n, i)
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.n
WHERE n.nspname = current_schema() AND c.relname = :t
	AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY i.relname, k.i`)
)

// ReflectTables reads every table of the current schema.
func (Reflector) ReflectTables(ctx context.Context, e *engine.Engine) ([]engine.TableInfo, error) {
	return engine.ReflectEach(ctx, e, tablesQuery, engine.ScanValue[string],
		func(ctx context.Context, name string) (engine.TableInfo, error) { return reflectTable(ctx, e, name) })
}

func reflectTable(ctx context.Context, e *engine.Engine, name string) (engine.TableInfo, error) {
	ti := engine.TableInfo{Name: name}
	var err error
	ti.Columns, err = engine.All(ctx, e, columnsQuery.Bind("t", name), func(r *engine.Rows) (engine.ColumnInfo, error) {
		var c engine.ColumnInfo
		var udt string
		var length, precision, scale sql.NullInt64
		err := r.Scan(&c.Name, &c.DBType, &udt, &length, &precision, &scale, &c.Nullable, &c.AutoIncrement)
		c.Type = typeOf(c.DBType, int(length.Int64), int(precision.Int64), int(scale.Int64))
		return c, err
	})
	if err != nil {
		return ti, err
	}

	cons, err := engine.All(ctx, e, constraintsQuery.Bind("t", name), func(r *engine.Rows) (engine.ConstraintColumn, error) {
		var c engine.ConstraintColumn
		var kind, onDelete, onUpdate string
		err := r.Scan(&c.Name, &kind, &c.Column, &c.RefTable, &c.RefColumn, &onDelete, &onUpdate)
		switch kind {
		case "p":
			c.Kind = engine.PrimaryKeyConstraint
		case "u":
			c.Kind = engine.UniqueConstraint
		case "f":
			c.Kind = engine.ForeignKeyConstraint
		}
		c.OnDelete, c.OnUpdate = action(onDelete), action(onUpdate)
		return c, err
	})
	if err != nil {
		return ti, err
	}
	ti.AddConstraints(cons)

	err = ti.ReadIndexes(ctx, e, indexesQuery.Bind("t", name))
	return ti, err
}

// action maps pg_constraint's confdeltype/confupdtype codes.
func action(code string) expr.Action {
	switch code {
	case "r":
		return expr.Restrict
	case "c":
		return expr.Cascade
	case "n":
		return expr.SetNull
	case "d":
		return expr.SetDefault
	}
	return expr.NoAction
}

// typeOf maps information_schema's data_type to a portable type.
func typeOf(dataType string, length, precision, scale int) expr.Type {
	switch dataType {
	case "smallint":
		return expr.SmallInt
	case "integer":
		return expr.Integer
	case "bigint":
		return expr.BigInt
	case "real":
		return expr.Float
	case "double precision":
		return expr.Double
	case "numeric":
		return expr.Numeric(precision, scale)
	case "text":
		return expr.String
	case "character varying":
		return expr.Varchar(length)
	case "boolean":
		return expr.Boolean
	case "date":
		return expr.Date
	case "time without time zone":
		return expr.Time
	case "timestamp without time zone":
		return expr.Timestamp
	case "timestamp with time zone":
		return expr.TimestampTZ
	case "bytea":
		return expr.Bytes
	case "json", "jsonb":
		return expr.JSON
	case "uuid":
		return expr.UUID
	}
	return expr.Type{}
}
