package mysqldialect

import (
	"context"
	"database/sql"
	"strings"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// Reflector reads table definitions of the current database from
// information_schema. The zero value is ready to use:
//
//	meta, err := engine.Reflect(ctx, e, mysqldialect.Reflector{})
type Reflector struct{}

var _ engine.Reflector = Reflector{}

var (
	tablesQuery = expr.Text(`SELECT TABLE_NAME FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`)

	columnsQuery = expr.Text(`SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE,
	IS_NULLABLE = 'YES', EXTRA LIKE '%auto_increment%'
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :t ORDER BY ORDINAL_POSITION`)

	constraintsQuery = expr.Text(`SELECT k.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE, k.COLUMN_NAME,
	coalesce(k.REFERENCED_TABLE_NAME, ''), coalesce(k.REFERENCED_COLUMN_NAME, ''),
	coalesce(rc.DELETE_RULE, ''), coalesce(rc.UPDATE_RULE, '')
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.TABLE_CONSTRAINTS tc ON tc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA
	AND tc.TABLE_NAME = k.TABLE_NAME AND tc.CONSTRAINT_NAME = k.CONSTRAINT_NAME
LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS rc ON rc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA
	AND rc.TABLE_NAME = k.TABLE_NAME AND rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = :t
	AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION`)

	indexesQuery = expr.Text(`SELECT s.INDEX_NAME, s.NON_UNIQUE = 0, s.COLUMN_NAME
FROM information_schema.STATISTICS s
WHERE s.TABLE_SCHEMA = DATABASE() AND s.TABLE_NAME = :t AND s.COLUMN_NAME IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS tc WHERE tc.CONSTRAINT_SCHEMA = s.TABLE_SCHEMA
		AND tc.TABLE_NAME = s.TABLE_NAME AND tc.CONSTRAINT_NAME = s.INDEX_NAME)
ORDER BY s.INDEX_NAME, s.SEQ_IN_INDEX`)
)

// ReflectTables reads every table of the current database.
func (Reflector) ReflectTables(ctx context.Context, e *engine.Engine) ([]engine.TableInfo, error) {
	return engine.ReflectEach(ctx, e, tablesQuery, engine.ScanValue[string],
		func(ctx context.Context, name string) (engine.TableInfo, error) { return reflectTable(ctx, e, name) })
}

func reflectTable(ctx context.Context, e *engine.Engine, name string) (engine.TableInfo, error) {
	ti := engine.TableInfo{Name: name}
	var err error
	ti.Columns, err = engine.All(ctx, e, columnsQuery.Bind("t", name), func(r *engine.Rows) (engine.ColumnInfo, error) {
		var c engine.ColumnInfo
		var dataType string
		var length, precision, scale sql.NullInt64
		err := r.Scan(&c.Name, &dataType, &c.DBType, &length, &precision, &scale, &c.Nullable, &c.AutoIncrement)
		c.Type = typeOf(name+"_"+c.Name, strings.ToLower(dataType), c.DBType, int(length.Int64), int(precision.Int64), int(scale.Int64))
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
		case "PRIMARY KEY":
			c.Kind = engine.PrimaryKeyConstraint
		case "UNIQUE":
			c.Kind = engine.UniqueConstraint
		case "FOREIGN KEY":
			c.Kind = engine.ForeignKeyConstraint
		}
		c.OnDelete, c.OnUpdate = expr.ParseAction(onDelete), expr.ParseAction(onUpdate)
		return c, err
	})
	if err != nil {
		return ti, err
	}
	ti.AddConstraints(cons)

	err = ti.ReadIndexes(ctx, e, indexesQuery.Bind("t", name))
	return ti, err
}

// typeOf maps information_schema's DATA_TYPE and COLUMN_TYPE to a portable
// type. CHAR(36) is read as UUID and TINYINT(1) as BOOLEAN, the spellings
// this dialect writes for them.
func typeOf(enumName, dataType, columnType string, length, precision, scale int) expr.Type {
	switch dataType {
	case "smallint":
		return expr.SmallInt
	case "int", "integer", "mediumint":
		return expr.Integer
	case "bigint":
		return expr.BigInt
	case "tinyint":
		if strings.HasPrefix(strings.ToLower(columnType), "tinyint(1)") {
			return expr.Boolean
		}
		return expr.SmallInt
	case "float":
		return expr.Float
	case "double":
		return expr.Double
	case "decimal":
		return expr.Numeric(precision, scale)
	case "text", "mediumtext", "longtext", "tinytext":
		return expr.String
	case "varchar":
		return expr.Varchar(length)
	case "char":
		if length == 36 {
			return expr.UUID
		}
		return expr.Varchar(length)
	case "date":
		return expr.Date
	case "time":
		return expr.Time
	case "datetime", "timestamp":
		return expr.Timestamp
	case "blob", "longblob", "mediumblob", "tinyblob":
		return expr.Bytes
	case "varbinary":
		return expr.Type{Kind: expr.KindBytes, Length: length}
	case "json":
		return expr.JSON
	case "enum":
		// Labels are restricted to characters that need no quoting
		// (compile.ValidEnumLabel), so splitting on ',' is exact.
		labels := columnType
		if len(labels) > len("enum('')") {
			labels = labels[len("enum('") : len(labels)-len("')")]
		}
		return expr.Enum(enumName, strings.Split(labels, "','")...)
	}
	return expr.Type{}
}
