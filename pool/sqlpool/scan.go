package sqlpool

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"
	"time"
)

// Scan as a plan. database/sql converts every value of every row with the
// same chain of type switches, interface checks and reflection. Here each
// column keeps the step chosen for the last (value type, destination type)
// pair it saw, and the next row, which almost always brings the same pair,
// costs one call.
//
// A direct step covers one common pair and does exactly what assign would
// do for it. It checks its own types with type assertions, which compare a
// type word with a constant, and returns errMiss, having done nothing,
// when the row brings another pair; Scan then picks the step anew. The
// general steps (assign, or a sql.Scanner's Scan) hold for any value, but
// their choice depends on the types, so the column compares them first.

// step stores src into dst, or returns errMiss.
type step func(dst any, src driver.Value, rs *Rows) error

// errMiss says a direct step was given a pair of types it is not for.
var errMiss = errors.New("sqlpool: scan step does not apply")

// column is the cached step of one result column. src and dst are the
// types it was chosen for; checked says the step checks them itself.
type column struct {
	run      step
	src, dst reflect.Type
	checked  bool
}

// apply runs the column's step; errMiss means it must be chosen anew.
func (c *column) apply(dst any, src driver.Value, rs *Rows) error {
	if c.run == nil {
		return errMiss
	}
	if !c.checked && (reflect.TypeOf(src) != c.src || reflect.TypeOf(dst) != c.dst) {
		return errMiss
	}
	return c.run(dst, src, rs)
}

// choose picks the step for the pair of types of src and dst. It looks at
// the types alone, never at values, so the choice holds for every row that
// brings the same pair.
func (c *column) choose(dst any, src driver.Value) {
	st, dt := reflect.TypeOf(src), reflect.TypeOf(dst)
	c.src, c.dst, c.checked = st, dt, true
	if c.run = directStep(st, dt); c.run != nil {
		return
	}
	c.checked = false
	if dt != nil && dt.Implements(scannerType) && !(st != nil && st.Implements(decomposeType) && dt.Implements(composeType)) {
		c.run = scanWith
		return
	}
	c.run = assign
}

var (
	scannerType   = reflect.TypeFor[sql.Scanner]()
	decomposeType = reflect.TypeFor[decimalSource]()
	composeType   = reflect.TypeFor[decimalSink]()

	int64Type = reflect.TypeFor[int64]()
	f64Type   = reflect.TypeFor[float64]()
	boolType  = reflect.TypeFor[bool]()
	strType   = reflect.TypeFor[string]()
	bytesType = reflect.TypeFor[[]byte]()
	timeType  = reflect.TypeFor[time.Time]()
)

// directStep returns the direct step for a pair, or nil.
func directStep(src, dst reflect.Type) step {
	switch dst {
	case reflect.TypeFor[*int64]():
		if src == int64Type {
			return sameType[int64]
		}
	case reflect.TypeFor[*int]():
		if src == int64Type {
			return narrowInt[int]
		}
	case reflect.TypeFor[*int32]():
		if src == int64Type {
			return narrowInt[int32]
		}
	case reflect.TypeFor[*float64]():
		if src == f64Type {
			return sameType[float64]
		}
	case reflect.TypeFor[*bool]():
		if src == boolType {
			return sameTypeUnchecked[bool]
		}
	case reflect.TypeFor[*time.Time]():
		if src == timeType {
			return sameTypeUnchecked[time.Time]
		}
	case reflect.TypeFor[*string]():
		switch src {
		case strType:
			return sameType[string]
		case bytesType:
			return bytesToStr
		case int64Type:
			return int64ToStr
		}
	case reflect.TypeFor[*[]byte]():
		if src == bytesType {
			return bytesToBytes
		}
	case reflect.TypeFor[*sql.RawBytes]():
		if src == bytesType {
			return bytesToRaw
		}
	case reflect.TypeFor[*any]():
		if src != nil && src != bytesType {
			return anyToAny
		}
	case reflect.TypeFor[*sql.NullString]():
		return intoNullString
	case reflect.TypeFor[*sql.NullInt64]():
		return intoNullInt64
	case reflect.TypeFor[*sql.NullFloat64]():
		return intoNullFloat64
	case reflect.TypeFor[*sql.NullTime]():
		return intoNullTime
	}
	return nil
}
