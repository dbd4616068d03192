package expr

import (
	"database/sql/driver"
	"fmt"
)

// TypeKind names a portable SQL type. Each dialect maps a kind to its own
// spelling in DDL and CAST.
type TypeKind uint8

// The portable types. The zero TypeKind is Unknown: such a column can be
// queried but not created.
const (
	Unknown TypeKind = iota
	KindSmallInt
	KindInteger
	KindBigInt
	KindFloat
	KindDouble
	KindNumeric
	KindText
	KindVarchar
	KindBoolean
	KindDate
	KindTime
	KindTimestamp
	KindTimestampTZ
	KindBytes
	KindJSON
	KindUUID
	KindEnum
)

var kindNames = [...]string{
	Unknown: "UNKNOWN", KindSmallInt: "SMALLINT", KindInteger: "INTEGER", KindBigInt: "BIGINT",
	KindFloat: "FLOAT", KindDouble: "DOUBLE", KindNumeric: "NUMERIC", KindText: "TEXT",
	KindVarchar: "VARCHAR", KindBoolean: "BOOLEAN", KindDate: "DATE", KindTime: "TIME",
	KindTimestamp: "TIMESTAMP", KindTimestampTZ: "TIMESTAMPTZ", KindBytes: "BYTES",
	KindJSON: "JSON", KindUUID: "UUID", KindEnum: "ENUM",
}

// String returns the kind's portable name.
func (k TypeKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("TypeKind(%d)", uint8(k))
}

// Type is a column's SQL type: a portable kind with its parameters. Types are
// small values; compare them with ==only when Enum values and User are nil.
type Type struct {
	Kind TypeKind
	// Length is the maximum length of a Varchar (or of Bytes, when not 0).
	Length int
	// Precision and Scale parametrize Numeric.
	Precision, Scale int
	// EnumName names an Enum type; EnumValues lists its labels in order.
	EnumName   string
	EnumValues []string
	// User is set for a user-defined type made with Decorate; Kind and the
	// other fields then describe its storage type.
	User UserType
}

// The parameterless types.
var (
	SmallInt    = Type{Kind: KindSmallInt}
	Integer     = Type{Kind: KindInteger}
	BigInt      = Type{Kind: KindBigInt}
	Float       = Type{Kind: KindFloat}  // single precision
	Double      = Type{Kind: KindDouble} // double precision
	String      = Type{Kind: KindText}   // unbounded text: TEXT
	Boolean     = Type{Kind: KindBoolean}
	Date        = Type{Kind: KindDate}
	Time        = Type{Kind: KindTime}
	Timestamp   = Type{Kind: KindTimestamp}   // without time zone
	TimestampTZ = Type{Kind: KindTimestampTZ} // with time zone
	Bytes       = Type{Kind: KindBytes}
	JSON        = Type{Kind: KindJSON}
	UUID        = Type{Kind: KindUUID}
)

// Varchar is a string type of at most n characters.
func Varchar(n int) Type { return Type{Kind: KindVarchar, Length: n} }

// Numeric is an exact decimal type with precision p and scale s. Its Go
// type is Decimal, which binds and scans alike on every driver.
func Numeric(p, s int) Type { return Type{Kind: KindNumeric, Precision: p, Scale: s} }

// Enum is a string type restricted to the given labels: a string column
// with a CHECK constraint on every database (TEXT on PostgreSQL and
// SQLite, VARCHAR(63) on MySQL), with a binary collation, so labels
// compare and sort the same everywhere — by their bytes ("B" < "a"), not
// in declaration order as MySQL's native ENUM would; to sort by
// declaration, sort by a CASE or keep a rank column. Labels are written
// into DDL, so they are limited to letters, digits, space and "_-.:/"
// (anything else is an error when the DDL is compiled).
func Enum(name string, values ...string) Type {
	return Type{Kind: KindEnum, EnumName: name, EnumValues: values}
}

// UserType is the hook for user-defined column types, the equivalent of
// SQLAlchemy's TypeDecorator: a Go-side conversion on top of a storage type.
//
// BindValue converts a Go value bound against a column of this type into a
// value the driver accepts; it runs when a statement's arguments are
// collected, so it should not allocate when it has nothing to do.
// ResultValue converts a value read from the database back into the Go
// representation; scanners (the mapper) call it.
type UserType interface {
	StorageType() Type
	BindValue(v any) (driver.Value, error)
	ResultValue(src any) (any, error)
}

// Decorate turns a UserType into a column Type whose DDL is its storage type.
func Decorate(u UserType) Type {
	t := u.StorageType()
	t.User = u
	return t
}

// String renders the type in a portable, human-readable form.
func (t Type) String() string {
	switch t.Kind {
	case KindVarchar:
		return fmt.Sprintf("VARCHAR(%d)", t.Length)
	case KindNumeric:
		return fmt.Sprintf("NUMERIC(%d,%d)", t.Precision, t.Scale)
	case KindEnum:
		return fmt.Sprintf("ENUM %s%q", t.EnumName, t.EnumValues)
	}
	return t.Kind.String()
}
