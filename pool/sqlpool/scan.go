package sqlpool

import (
	"bytes"
	"database/sql"
	"database/sql/driver"
	"reflect"
	"strconv"
	"time"
)

// Scan as a plan. database/sql converts every value of every row with the
// same chain of type switches, interface checks and reflection. Here each
// column keeps the step chosen for the last (value type, destination type)
// pair it saw; the next row, which almost always brings the same pair,
// costs one comparison of two type words and one call. The steps below
// cover the pairs that dominate real results and do exactly what assign
// would do for them; every other pair runs assign itself.

// step stores src into dst.
type step func(dst any, src driver.Value, rs *Rows) error

// column is the cached step of one result column.
type column struct {
	src, dst reflect.Type
	run      step
}

// stepFor picks the step for a pair of types. It depends on the types
// alone, never on values, so its answer holds for every row.
func stepFor(src, dst reflect.Type) step {
	if f := directStep(src, dst); f != nil {
		return f
	}
	if dst != nil && dst.Implements(scannerType) && !(src != nil && src.Implements(decomposeType) && dst.Implements(composeType)) {
		return scanWith
	}
	return assign
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

// directStep returns a step for the common pairs, or nil.
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
		return func(d any, v driver.Value, _ *Rows) error { return d.(*sql.NullString).Scan(v) }
	case reflect.TypeFor[*sql.NullInt64]():
		return func(d any, v driver.Value, _ *Rows) error { return d.(*sql.NullInt64).Scan(v) }
	case reflect.TypeFor[*sql.NullFloat64]():
		return func(d any, v driver.Value, _ *Rows) error { return d.(*sql.NullFloat64).Scan(v) }
	case reflect.TypeFor[*sql.NullTime]():
		return func(d any, v driver.Value, _ *Rows) error { return d.(*sql.NullTime).Scan(v) }
	}
	return nil
}

func scanWith(dst any, src driver.Value, _ *Rows) error { return dst.(sql.Scanner).Scan(src) }

func int64ToInt64(dst any, src driver.Value, _ *Rows) error {
	d := dst.(*int64)
	if d == nil {
		return errNilPtr
	}
	*d = src.(int64)
	return nil
}

// int64ToInt and int64ToInt32 store values that fit; assign reports the
// others with database/sql's range error.
func int64ToInt(dst any, src driver.Value, rs *Rows) error {
	d, v := dst.(*int), src.(int64)
	if d == nil || int64(int(v)) != v {
		return assign(dst, src, rs)
	}
	*d = int(v)
	return nil
}

func int64ToInt32(dst any, src driver.Value, rs *Rows) error {
	d, v := dst.(*int32), src.(int64)
	if d == nil || int64(int32(v)) != v {
		return assign(dst, src, rs)
	}
	*d = int32(v)
	return nil
}

func f64ToF64(dst any, src driver.Value, rs *Rows) error {
	d := dst.(*float64)
	if d == nil {
		return errNilPtr
	}
	*d = src.(float64)
	return nil
}

func boolToBool(dst any, src driver.Value, _ *Rows) error {
	*dst.(*bool) = src.(bool)
	return nil
}

func timeToTime(dst any, src driver.Value, _ *Rows) error {
	*dst.(*time.Time) = src.(time.Time)
	return nil
}

func strToStr(dst any, src driver.Value, _ *Rows) error {
	d := dst.(*string)
	if d == nil {
		return errNilPtr
	}
	*d = src.(string)
	return nil
}

func bytesToStr(dst any, src driver.Value, _ *Rows) error {
	d := dst.(*string)
	if d == nil {
		return errNilPtr
	}
	*d = string(src.([]byte))
	return nil
}

func int64ToStr(dst any, src driver.Value, _ *Rows) error {
	*dst.(*string) = strconv.FormatInt(src.(int64), 10)
	return nil
}

func bytesToBytes(dst any, src driver.Value, _ *Rows) error {
	d := dst.(*[]byte)
	if d == nil {
		return errNilPtr
	}
	*d = bytes.Clone(src.([]byte))
	return nil
}

func bytesToRaw(dst any, src driver.Value, _ *Rows) error {
	d := dst.(*sql.RawBytes)
	if d == nil {
		return errNilPtr
	}
	*d = src.([]byte)
	return nil
}

func anyToAny(dst any, src driver.Value, _ *Rows) error {
	*dst.(*any) = src
	return nil
}
