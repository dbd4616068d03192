package mappertest

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// Status is an enum: a string with a CHECK on every database.
type Status string

func (Status) SQLType() expr.Type { return expr.Enum("status", "active", "banned") }

// Cents is a user-defined type over BIGINT (expr.Decorate).
type Cents int64

func (Cents) SQLType() expr.Type { return expr.Decorate(centsType{}) }

type centsType struct{}

func (centsType) StorageType() expr.Type { return expr.BigInt }

func (centsType) BindValue(v any) (driver.Value, error) {
	switch c := v.(type) {
	case Cents:
		return int64(c), nil
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("cents: cannot bind %T", v)
}

func (centsType) ResultValue(src any) (any, error) {
	switch s := src.(type) {
	case int64:
		return Cents(s), nil
	case []byte: // MySQL's text protocol
		n, err := strconv.ParseInt(string(s), 10, 64)
		return Cents(n), err
	case string:
		n, err := strconv.ParseInt(s, 10, 64)
		return Cents(n), err
	}
	return nil, fmt.Errorf("cents: cannot read %T", src)
}

type Doc struct {
	Title string         `json:"title"`
	Tags  []string       `json:"tags"`
	Attrs map[string]int `json:"attrs,omitempty"`
}

// Kinds has a column of every expr type and the field kinds that hold them.
type Kinds struct {
	ID      int64     `db:"id,pk"`
	Small   int16     `db:"small"`
	Int     int32     `db:"int"`
	Big     int64     `db:"big"`
	Float   float32   `db:"float"`
	Double  float64   `db:"double"`
	Numeric string    `db:"numeric,type=numeric(30,10)"`
	Text    string    `db:"text"`
	Varchar string    `db:"varchar,type=varchar(50)"`
	Bool    bool      `db:"bool"`
	Date    time.Time `db:"date,type=date"`
	Stamp   time.Time `db:"stamp,type=timestamp"`
	StampTZ time.Time `db:"stamp_tz"`
	Bytes   []byte    `db:"bytes"`
	Doc     Doc       `db:"doc,json"`
	UUID    string    `db:"uuid,type=uuid"`
	Status  Status    `db:"status"`
	Price   Cents     `db:"price"`

	NText  *string           `db:"n_text"`
	NInt   sql.NullInt64     `db:"n_int"`
	NFloat sql.Null[float64] `db:"n_float"`
	NTime  *time.Time        `db:"n_time"`
	NDoc   *Doc              `db:"n_doc,json"`
	NPrice *Cents            `db:"n_price"`
	NEnum  *Status           `db:"n_enum"`
	Zero   int32             `db:"zero,nullzero"`
	ZeroS  string            `db:"zero_s,nullzero"`
}

var (
	ist = time.FixedZone("IST", 5*3600+1800)
	// Microseconds: the finest precision all three databases keep.
	stamp = time.Date(2024, 2, 29, 23, 59, 58, 123456000, time.UTC)
)

func ptr[T any](v T) *T { return &v }

func kindsRows() []*Kinds {
	return []*Kinds{{
		ID: 1, Small: -32768, Int: 2147483647, Big: -9223372036854775808,
		Float: 1.5, Double: 1234.5678, Numeric: "12345678901234567890.0123456789",
		Text: "naïve ☃ text", Varchar: "varchar 'quoted' \"too\"", Bool: true,
		Date: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), Stamp: stamp,
		StampTZ: time.Date(2024, 7, 1, 9, 30, 0, 654321000, ist),
		Bytes:   []byte{0, 1, 2, 0xfe, 0xff}, Doc: Doc{Title: "t", Tags: []string{"a", "b"}, Attrs: map[string]int{"x": 1}},
		UUID: "0b9e7c1e-5a4f-4c3b-9d2a-1e8f7a6b5c4d", Status: "banned", Price: 1999,
		NText: ptr("set"), NInt: sql.NullInt64{Int64: 7, Valid: true}, NFloat: sql.Null[float64]{V: -0.25, Valid: true},
		NTime: ptr(stamp), NDoc: &Doc{Title: "n"}, NPrice: ptr(Cents(5)), NEnum: ptr(Status("active")),
		Zero: 3, ZeroS: "z",
	}, {
		ID: 2, Numeric: "-0.0000000001", Date: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		Stamp: time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC), StampTZ: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		Bytes: []byte{}, Doc: Doc{Tags: []string{}}, UUID: "00000000-0000-0000-0000-000000000000", Status: "active",
	}}
}
