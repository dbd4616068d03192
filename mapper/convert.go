package mapper

import (
	"reflect"
	"strconv"
	"time"
)

// convertInto stores a driver value in a nullzero field. Drivers hand
// helpers the driver.Value kinds: int64, float64, bool, []byte, string
// and time.Time.
func convertInto(f *field, target reflect.Value, src any) error {
	var err error
	if ps, ok := reflect.NewAt(f.typ, target.Addr().UnsafePointer()).Interface().(interface{ Scan(any) error }); ok {
		err = ps.Scan(src)
	} else {
		err = convertValue(target, src)
	}
	if err != nil {
		return &ScanError{Column: f.column, Field: f.path, Err: err}
	}
	return nil
}

// convertValue stores src, one of the driver.Value kinds, in target, of a
// scalar kind, []byte or time.Time.
func convertValue(target reflect.Value, src any) error {
	fail := func(err error) error {
		if err == nil {
			err = errString("cannot store " + srcType(src) + " in " + target.Type().String())
		}
		return err
	}
	text := func() (string, bool) {
		switch s := src.(type) {
		case string:
			return s, true
		case []byte:
			return string(s), true
		}
		return "", false
	}
	switch target.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		switch s := src.(type) {
		case int64:
			if target.OverflowInt(s) {
				return fail(errString("value " + strconv.FormatInt(s, 10) + " overflows " + target.Type().String()))
			}
			target.SetInt(s)
			return nil
		}
		if s, ok := text(); ok {
			n, err := strconv.ParseInt(s, 10, target.Type().Bits())
			if err != nil {
				return fail(err)
			}
			target.SetInt(n)
			return nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		switch s := src.(type) {
		case int64:
			if s < 0 || target.OverflowUint(uint64(s)) {
				return fail(errString("value " + strconv.FormatInt(s, 10) + " overflows " + target.Type().String()))
			}
			target.SetUint(uint64(s))
			return nil
		}
		if s, ok := text(); ok {
			n, err := strconv.ParseUint(s, 10, target.Type().Bits())
			if err != nil {
				return fail(err)
			}
			target.SetUint(n)
			return nil
		}
	case reflect.Float32, reflect.Float64:
		switch s := src.(type) {
		case float64:
			target.SetFloat(s)
			return nil
		case float32: // MySQL's FLOAT columns
			target.SetFloat(float64(s))
			return nil
		case int64:
			target.SetFloat(float64(s))
			return nil
		}
		if s, ok := text(); ok {
			n, err := strconv.ParseFloat(s, target.Type().Bits())
			if err != nil {
				return fail(err)
			}
			target.SetFloat(n)
			return nil
		}
	case reflect.Bool:
		switch s := src.(type) {
		case bool:
			target.SetBool(s)
			return nil
		case int64:
			target.SetBool(s != 0)
			return nil
		}
		if s, ok := text(); ok {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return fail(err)
			}
			target.SetBool(b)
			return nil
		}
	case reflect.String:
		if s, ok := text(); ok {
			target.SetString(s)
			return nil
		}
	case reflect.Slice:
		if b, ok := src.([]byte); ok && target.Type().Elem().Kind() == reflect.Uint8 {
			target.SetBytes(append([]byte(nil), b...))
			return nil
		}
	case reflect.Struct:
		if t, ok := src.(time.Time); ok && target.Type() == timeType {
			target.Set(reflect.ValueOf(t))
			return nil
		}
	}
	return fail(nil)
}

// srcType names the type of a value a driver returned.
func srcType(src any) string {
	if src == nil {
		return "NULL"
	}
	return reflect.TypeOf(src).String()
}
