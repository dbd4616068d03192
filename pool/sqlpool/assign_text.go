package sqlpool

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"strconv"
)

// parseInto stores a number parsed from src's decimal text into to.
func parseInto(to reflect.Value, src driver.Value) error {
	text := textOf(src)
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

// textOf is the text of a scalar value as database/sql writes it.
func textOf(src any) string {
	if s, ok := src.(string); ok {
		return s
	}
	if b, ok := src.([]byte); ok {
		return string(b)
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
