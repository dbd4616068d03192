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

// sameType stores a driver value of the destination's own type. A nil
// destination is reported, as database/sql does for these pairs.
func sameType[T int64 | float64 | string](dst any, src driver.Value, _ *Rows) error {
	d, ok1 := dst.(*T)
	v, ok2 := src.(T)
	switch {
	case !ok1 || !ok2:
		return errMiss
	case d == nil:
		return errNilPtr
	}
	*d = v
	return nil
}

// sameTypeUnchecked is sameType for the pairs database/sql writes through
// the pointer without a nil check: a nil destination panics in both.
func sameTypeUnchecked[T bool | time.Time](dst any, src driver.Value, _ *Rows) error {
	d, ok1 := dst.(*T)
	v, ok2 := src.(T)
	if !ok1 || !ok2 {
		return errMiss
	}
	*d = v
	return nil
}

// narrowInt stores an int64 in a narrower integer when it fits; assign
// reports the others with database/sql's range error.
func narrowInt[T int | int32](dst any, src driver.Value, rs *Rows) error {
	d, ok1 := dst.(*T)
	v, ok2 := src.(int64)
	switch {
	case !ok1 || !ok2:
		return errMiss
	case d == nil || int64(T(v)) != v:
		return assign(dst, src, rs)
	}
	*d = T(v)
	return nil
}
