package sqlpool

import (
	"bytes"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"time"
)

// assign stores one driver value into one Scan destination with all of
// database/sql's rules. Scan runs it only for the pairs of value type and
// destination type that scan.go has no direct step for.
//
// The rules, in the order they apply:
//   - destinations of the built-in kinds (*string, *[]byte, *sql.RawBytes,
//     *any, *bool, *time.Time, *Rows for a cursor) take the values they
//     know directly;
//   - a decimal value goes to a destination that composes decimals;
//   - a sql.Scanner converts for itself;
//   - otherwise reflection: assignable or same-kind convertible values are
//     stored, pointers are allocated (nil for NULL), numbers and strings
//     are parsed from their decimal text.
func assign(dst any, src driver.Value, rs *Rows) error {
	if done, err := assignBuiltin(dst, src, rs); done {
		return err
	}
	if from, ok := src.(decimalSource); ok {
		if to, ok := dst.(decimalSink); ok {
			return to.Compose(from.Decompose(nil))
		}
	}
	if sc, ok := dst.(sql.Scanner); ok {
		return sc.Scan(src)
	}
	return assignReflect(dst, src, rs)
}

// Decimals pass between a driver value and a destination in the
// decomposed form database/sql documents for them.
type (
	decimalSource interface {
		Decompose([]byte) (byte, bool, []byte, int32)
	}
	decimalSink interface {
		Compose(byte, bool, []byte, int32) error
	}
)

// assignBuiltin handles the destinations of built-in types. It reports
// done=false when the value is not one the destination takes directly.
func assignBuiltin(dst any, src driver.Value, rs *Rows) (done bool, err error) {
	switch d := dst.(type) {
	case *string:
		switch v := src.(type) {
		case string, []byte:
			if d == nil {
				return true, errNilPtr
			}
			*d = textOf(v)
			return true, nil
		case time.Time:
			*d = v.Format(time.RFC3339Nano)
			return true, nil
		}
		if isScalar(reflect.ValueOf(src).Kind()) {
			*d = textOf(src)
			return true, nil
		}
	case *[]byte:
		if b, ok := bytesOf(src, nil, true); ok {
			if d == nil {
				return true, errNilPtr
			}
			*d = b
			return true, nil
		}
		if b, ok := appendText(nil, reflect.ValueOf(src)); ok {
			*d = b
			return true, nil
		}
	case *sql.RawBytes:
		if b, ok := bytesOf(src, rs, false); ok {
			if d == nil {
				return true, errNilPtr
			}
			*d = b
			return true, nil
		}
		if b, ok := appendText(rs.raw, reflect.ValueOf(src)); ok {
			*d = rs.keepRaw(b)
			return true, nil
		}
	case *any:
		switch v := src.(type) {
		case []byte:
			if d == nil {
				return true, errNilPtr
			}
			*d = bytes.Clone(v)
		case nil:
			if d == nil {
				return true, errNilPtr
			}
			*d = nil
		default:
			*d = src
		}
		return true, nil
	case *bool:
		b, err := driver.Bool.ConvertValue(src)
		if err == nil {
			*d = b.(bool)
		}
		return true, err
	case *time.Time:
		if v, ok := src.(time.Time); ok {
			*d = v
			return true, nil
		}
	case *Rows:
		if cur, ok := src.(driver.Rows); ok {
			if d == nil {
				return true, errNilPtr
			}
			rs.adopt(d, cur)
			return true, nil
		}
	}
	return false, nil
}

// bytesOf gives the bytes that strings, byte slices, times and NULL stand
// for in a []byte (own, a copy) or sql.RawBytes (not own: the driver's
// memory or the rows' buffer) destination. ok is false for other values.
func bytesOf(src driver.Value, rs *Rows, own bool) (b []byte, ok bool) {
	switch v := src.(type) {
	case nil:
		return nil, true
	case []byte:
		if own {
			return bytes.Clone(v), true
		}
		return v, true
	case string:
		if own {
			return []byte(v), true
		}
		return rs.keepRaw(append(rs.raw, v...)), true
	case time.Time:
		if own {
			return v.AppendFormat(nil, time.RFC3339Nano), true
		}
		return rs.keepRaw(v.AppendFormat(rs.raw, time.RFC3339Nano)), true
	}
	return nil, false
}

// assignReflect is the general case, for named types and conversions
// between kinds.
func assignReflect(dst any, src driver.Value, rs *Rows) error {
	ptr := reflect.ValueOf(dst)
	if ptr.Kind() != reflect.Pointer {
		return errors.New("destination not a pointer")
	}
	if ptr.IsNil() {
		return errNilPtr
	}
	to := ptr.Elem()
	from := reflect.ValueOf(src)
	if src != nil {
		if from.Type().AssignableTo(to.Type()) {
			if b, ok := src.([]byte); ok {
				from = reflect.ValueOf(bytes.Clone(b))
			}
			to.Set(from)
			return nil
		}
		if to.Kind() == from.Kind() && from.Type().ConvertibleTo(to.Type()) {
			to.Set(from.Convert(to.Type()))
			return nil
		}
	}
	kind := to.Kind()
	if kind == reflect.Pointer {
		if src == nil {
			to.SetZero()
			return nil
		}
		to.Set(reflect.New(to.Type().Elem()))
		return assign(to.Interface(), src, rs)
	}
	if src == nil && (isNumber(kind) || kind == reflect.String) {
		return fmt.Errorf("converting NULL to %s is unsupported", kind)
	}
	if isNumber(kind) {
		return parseInto(to, src)
	}
	if kind == reflect.String {
		switch v := src.(type) {
		case string, []byte:
			to.SetString(textOf(v))
			return nil
		}
	}
	return fmt.Errorf("unsupported Scan, storing driver.Value type %T into type %T", src, dst)
}
