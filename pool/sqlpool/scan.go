package sqlpool

import (
	"bytes"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"
	"strconv"
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
	decomposeType = reflect.TypeFor[decimalDecompose]()
	composeType   = reflect.TypeFor[decimalCompose]()

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
			return int64ToInt64
		}
	case reflect.TypeFor[*int]():
		if src == int64Type {
			return int64ToInt
		}
	case reflect.TypeFor[*int32]():
		if src == int64Type {
			return int64ToInt32
		}
	case reflect.TypeFor[*float64]():
		if src == f64Type {
			return f64ToF64
		}
	case reflect.TypeFor[*bool]():
		if src == boolType {
			return boolToBool
		}
	case reflect.TypeFor[*time.Time]():
		if src == timeType {
			return timeToTime
		}
	case reflect.TypeFor[*string]():
		switch src {
		case strType:
			return strToStr
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

func scanWith(dst any, src driver.Value, _ *Rows) error { return dst.(sql.Scanner).Scan(src) }

// The sql.Null types scan any value themselves (and are no decimals).

func intoNullString(dst any, src driver.Value, _ *Rows) error {
	if d, ok := dst.(*sql.NullString); ok {
		return d.Scan(src)
	}
	return errMiss
}

func intoNullInt64(dst any, src driver.Value, _ *Rows) error {
	if d, ok := dst.(*sql.NullInt64); ok {
		return d.Scan(src)
	}
	return errMiss
}

func intoNullFloat64(dst any, src driver.Value, _ *Rows) error {
	if d, ok := dst.(*sql.NullFloat64); ok {
		return d.Scan(src)
	}
	return errMiss
}

func intoNullTime(dst any, src driver.Value, _ *Rows) error {
	if d, ok := dst.(*sql.NullTime); ok {
		return d.Scan(src)
	}
	return errMiss
}

func int64ToInt64(dst any, src driver.Value, _ *Rows) error {
	d, ok1 := dst.(*int64)
	v, ok2 := src.(int64)
	switch {
	case !ok1 || !ok2:
		return errMiss
	case d == nil:
		return errNilPtr
	}
	*d = v
	return nil
}

// int64ToInt and int64ToInt32 store values that fit; assign reports the
// others with database/sql's range error.
func int64ToInt(dst any, src driver.Value, rs *Rows) error {
	d, ok1 := dst.(*int)
	v, ok2 := src.(int64)
	switch {
	case !ok1 || !ok2:
		return errMiss
	case d == nil || int64(int(v)) != v:
		return assign(dst, src, rs)
	}
	*d = int(v)
	return nil
}

func int64ToInt32(dst any, src driver.Value, rs *Rows) error {
	d, ok1 := dst.(*int32)
	v, ok2 := src.(int64)
	switch {
	case !ok1 || !ok2:
		return errMiss
	case d == nil || int64(int32(v)) != v:
		return assign(dst, src, rs)
	}
	*d = int32(v)
	return nil
}

func f64ToF64(dst any, src driver.Value, _ *Rows) error {
	d, ok1 := dst.(*float64)
	v, ok2 := src.(float64)
	switch {
	case !ok1 || !ok2:
		return errMiss
	case d == nil:
		return errNilPtr
	}
	*d = v
	return nil
}

// The steps that follow write through the pointer without a nil check, as
// database/sql does for these pairs: a nil destination panics in both.

func boolToBool(dst any, src driver.Value, _ *Rows) error {
	d, ok1 := dst.(*bool)
	v, ok2 := src.(bool)
	if !ok1 || !ok2 {
		return errMiss
	}
	*d = v
	return nil
}

func timeToTime(dst any, src driver.Value, _ *Rows) error {
	d, ok1 := dst.(*time.Time)
	v, ok2 := src.(time.Time)
	if !ok1 || !ok2 {
		return errMiss
	}
	*d = v
	return nil
}

func int64ToStr(dst any, src driver.Value, _ *Rows) error {
	d, ok1 := dst.(*string)
	v, ok2 := src.(int64)
	if !ok1 || !ok2 {
		return errMiss
	}
	*d = strconv.FormatInt(v, 10)
	return nil
}

func anyToAny(dst any, src driver.Value, _ *Rows) error {
	d, ok := dst.(*any)
	switch src.(type) {
	case nil, []byte:
		ok = false
	}
	if !ok {
		return errMiss
	}
	*d = src
	return nil
}

// The steps for strings and bytes report a nil destination, as
// database/sql does for these pairs.

func strToStr(dst any, src driver.Value, _ *Rows) error {
	d, ok1 := dst.(*string)
	v, ok2 := src.(string)
	switch {
	case !ok1 || !ok2:
		return errMiss
	case d == nil:
		return errNilPtr
	}
	*d = v
	return nil
}

func bytesToStr(dst any, src driver.Value, _ *Rows) error {
	d, ok1 := dst.(*string)
	v, ok2 := src.([]byte)
	switch {
	case !ok1 || !ok2:
		return errMiss
	case d == nil:
		return errNilPtr
	}
	*d = string(v)
	return nil
}

func bytesToBytes(dst any, src driver.Value, _ *Rows) error {
	d, ok1 := dst.(*[]byte)
	v, ok2 := src.([]byte)
	switch {
	case !ok1 || !ok2:
		return errMiss
	case d == nil:
		return errNilPtr
	}
	*d = bytes.Clone(v)
	return nil
}

func bytesToRaw(dst any, src driver.Value, _ *Rows) error {
	d, ok1 := dst.(*sql.RawBytes)
	v, ok2 := src.([]byte)
	switch {
	case !ok1 || !ok2:
		return errMiss
	case d == nil:
		return errNilPtr
	}
	*d = v
	return nil
}
