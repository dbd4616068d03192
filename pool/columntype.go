package pool

import (
	"database/sql/driver"
	"reflect"
)

// ColumnType describes a column, like sql.ColumnType.
type ColumnType struct {
	name              string
	hasNullable       bool
	hasLength         bool
	hasPrecisionScale bool
	nullable          bool
	length            int64
	databaseType      string
	precision         int64
	scale             int64
	scanType          reflect.Type
}

// Name returns the column's name or alias.
func (ci *ColumnType) Name() string { return ci.name }

// Length returns the length of variable-length column types; ok is false
// when the type has no length or the driver does not say.
func (ci *ColumnType) Length() (length int64, ok bool) { return ci.length, ci.hasLength }

// DecimalSize returns the precision and scale of decimal types; ok is false
// when not applicable or not supported.
func (ci *ColumnType) DecimalSize() (precision, scale int64, ok bool) {
	return ci.precision, ci.scale, ci.hasPrecisionScale
}

// ScanType returns a Go type suitable for scanning into; any if the driver
// does not say.
func (ci *ColumnType) ScanType() reflect.Type { return ci.scanType }

// Nullable reports whether the column may be null; ok is false when the
// driver does not say.
func (ci *ColumnType) Nullable() (nullable, ok bool) { return ci.nullable, ci.hasNullable }

// DatabaseTypeName returns the database type name, such as "VARCHAR", or ""
// if the driver does not say.
func (ci *ColumnType) DatabaseTypeName() string { return ci.databaseType }

func columnTypes(rowsi driver.Rows) []*ColumnType {
	names := rowsi.Columns()
	list := make([]*ColumnType, len(names))
	for i := range list {
		ci := &ColumnType{name: names[i]}
		list[i] = ci
		if p, ok := rowsi.(driver.RowsColumnTypeScanType); ok {
			ci.scanType = p.ColumnTypeScanType(i)
		} else {
			ci.scanType = reflect.TypeFor[any]()
		}
		if p, ok := rowsi.(driver.RowsColumnTypeDatabaseTypeName); ok {
			ci.databaseType = p.ColumnTypeDatabaseTypeName(i)
		}
		if p, ok := rowsi.(driver.RowsColumnTypeLength); ok {
			ci.length, ci.hasLength = p.ColumnTypeLength(i)
		}
		if p, ok := rowsi.(driver.RowsColumnTypeNullable); ok {
			ci.nullable, ci.hasNullable = p.ColumnTypeNullable(i)
		}
		if p, ok := rowsi.(driver.RowsColumnTypePrecisionScale); ok {
			ci.precision, ci.scale, ci.hasPrecisionScale = p.ColumnTypePrecisionScale(i)
		}
	}
	return list
}
