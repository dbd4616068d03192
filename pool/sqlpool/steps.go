package sqlpool

import (
	"bytes"
	"database/sql"
	"database/sql/driver"
	"strconv"
	"time"
)

// The direct steps of scan.go. Each does for its pair exactly what assign
// does, and returns errMiss, having done nothing, for any other pair.

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
