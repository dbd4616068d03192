package sqlpool

import (
	"database/sql/driver"
	"reflect"
)

// ColumnType describes a result column, with the methods of
// *sql.ColumnType. Each "ok" result says whether the driver told.
type ColumnType struct {
	name       string
	dbType     string
	scanType   reflect.Type
	length     int64
	precision  int64
	scale      int64
	nullable   bool
	hasLength  bool
	hasDecimal bool
	hasNull    bool
}

// Name returns the column's name or alias.
func (c *ColumnType) Name() string { return c.name }

// DatabaseTypeName returns the database's name for the type, such as
// "VARCHAR", or "" when the driver does not say.
func (c *ColumnType) DatabaseTypeName() string { return c.dbType }

// ScanType returns a Go type to scan the column into; the empty interface
// type when the driver does not say.
func (c *ColumnType) ScanType() reflect.Type { return c.scanType }

// Length returns the length of a variable-length type (text, binary).
func (c *ColumnType) Length() (length int64, ok bool) { return c.length, c.hasLength }

// DecimalSize returns the precision and scale of a decimal type.
func (c *ColumnType) DecimalSize() (precision, scale int64, ok bool) {
	return c.precision, c.scale, c.hasDecimal
}

// Nullable reports whether the column may hold NULL.
func (c *ColumnType) Nullable() (nullable, ok bool) { return c.nullable, c.hasNull }

// describeColumns asks the driver's rows about their columns, through the
// optional interfaces they implement. ri's connection must be locked.
func describeColumns(ri driver.Rows) []*ColumnType {
	scanTyper, _ := ri.(driver.RowsColumnTypeScanType)
	namer, _ := ri.(driver.RowsColumnTypeDatabaseTypeName)
	lengther, _ := ri.(driver.RowsColumnTypeLength)
	nuller, _ := ri.(driver.RowsColumnTypeNullable)
	decimaler, _ := ri.(driver.RowsColumnTypePrecisionScale)
	names := ri.Columns()
	out := make([]*ColumnType, len(names))
	for i, name := range names {
		c := &ColumnType{name: name, scanType: reflect.TypeFor[any]()}
		if scanTyper != nil {
			c.scanType = scanTyper.ColumnTypeScanType(i)
		}
		if namer != nil {
			c.dbType = namer.ColumnTypeDatabaseTypeName(i)
		}
		if lengther != nil {
			c.length, c.hasLength = lengther.ColumnTypeLength(i)
		}
		if nuller != nil {
			c.nullable, c.hasNull = nuller.ColumnTypeNullable(i)
		}
		if decimaler != nil {
			c.precision, c.scale, c.hasDecimal = decimaler.ColumnTypePrecisionScale(i)
		}
		out[i] = c
	}
	return out
}
