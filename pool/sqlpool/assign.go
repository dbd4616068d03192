package sqlpool

import (
	"bytes"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"strconv"
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
	if dec, ok := src.(decimalDecompose); ok {
		if d, ok := dst.(decimalCompose); ok {
			return d.Compose(dec.Decompose(nil))
		}
	}
	if sc, ok := dst.(sql.Scanner); ok {
		return sc.Scan(src)
	}
	return assignReflect(dst, src, rs)
}

// decimalDecompose and decimalCompose are the decimal interfaces that
// database/sql recognizes between a driver value and a destination.
type decimalDecompose interface {
	Decompose(buf []byte) (form byte, negative bool, coefficient []byte, exponent int32)
}

type decimalCompose interface {
	Compose(form byte, negative bool, coefficient []byte, exponent int32) error
}

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
			*d = asString(v)
			return true, nil
		case time.Time:
			*d = v.Format(time.RFC3339Nano)
			return true, nil
		}
		if isScalar(reflect.ValueOf(src).Kind()) {
			*d = asString(src)
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
			to.SetString(asString(v))
			return nil
		}
	}
	return fmt.Errorf("unsupported Scan, storing driver.Value type %T into type %T", src, dst)
}

// parseInto stores a number parsed from src's decimal text into to.
func parseInto(to reflect.Value, src driver.Value) error {
	text := asString(src)
	var err error
	switch bits := to.Type().Bits(); {
	case to.CanInt():
		var n int64
		if n, err = strconv.ParseInt(text, 10, bits); err == nil {
			to.SetInt(n)
		}
	case to.CanUint():
		var n uint64
		if n, err = strconv.ParseUint(text, 10, bits); err == nil {
			to.SetUint(n)
		}
	default:
		var f float64
		if f, err = strconv.ParseFloat(text, bits); err == nil {
			to.SetFloat(f)
		}
	}
	if err == nil {
		return nil
	}
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		err = ne.Err
	}
	return fmt.Errorf("converting driver.Value type %T (%q) to a %s: %v", src, text, to.Kind(), err)
}

func isNumber(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64 && k != reflect.Uintptr
}

// isScalar reports the kinds whose text database/sql stores into *string.
func isScalar(k reflect.Kind) bool { return k == reflect.Bool || isNumber(k) }

// asString is the text of a scalar value as database/sql writes it.
func asString(src any) string {
	switch v := src.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	// Other strings print as %v does: through a String method if they have one.
	if v := reflect.ValueOf(src); v.Kind() != reflect.String {
		if b, ok := appendText(nil, v); ok {
			return string(b)
		}
	}
	return fmt.Sprintf("%v", src)
}

// appendText appends the text of a scalar value to buf; ok is false for
// other kinds.
func appendText(buf []byte, v reflect.Value) ([]byte, bool) {
	switch k := v.Kind(); {
	case v.CanInt():
		return strconv.AppendInt(buf, v.Int(), 10), true
	case v.CanUint() && k != reflect.Uintptr:
		return strconv.AppendUint(buf, v.Uint(), 10), true
	case v.CanFloat():
		return strconv.AppendFloat(buf, v.Float(), 'g', -1, v.Type().Bits()), true
	case k == reflect.Bool:
		return strconv.AppendBool(buf, v.Bool()), true
	case k == reflect.String:
		return append(buf, v.String()...), true
	}
	return nil, false
}
