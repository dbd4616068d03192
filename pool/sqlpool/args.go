package sqlpool

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"unicode"
	"unicode/utf8"
)

// Arguments reach the driver as database/sql hands them over: the same
// converters, asked in the same order, and the same error texts, so that a
// program sees no difference. For each argument:
//
//  1. sql.Named gives it a name, which must start with a letter;
//  2. the NamedValueChecker (the statement's, else the connection's)
//     converts it, or says driver.ErrSkip to pass it on;
//  3. a statement's ColumnConverter converts it (calling driver.Valuer
//     first), or says driver.ErrSkip;
//  4. driver.DefaultParameterConverter converts what is left.
//
// A checker may also drop an argument with driver.ErrRemoveArgument.

// binder holds what converts one call's arguments.
type binder struct {
	named   driver.NamedValueChecker
	columns driver.ColumnConverter
	want    int // the statement's NumInput; -1 when unknown
}

// stage is a step of the conversion order above.
type stage uint8

const (
	byChecker stage = iota
	byColumns
	byDefault
)

// bind converts args into driver values.
func bind(args []any, b binder) ([]driver.NamedValue, error) {
	out := make([]driver.NamedValue, 0, len(args))
	for _, a := range args {
		nv := driver.NamedValue{Ordinal: len(out) + 1, Value: a}
		if na, ok := a.(sql.NamedArg); ok {
			if !startsWithLetter(na.Name) {
				return nil, fmt.Errorf("name %q does not begin with a letter", na.Name)
			}
			nv.Name, nv.Value = na.Name, na.Value
		}
		err := b.convert(&nv)
		if err == driver.ErrRemoveArgument {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("sql: converting argument %s type: %w", argLabel(nv), err)
		}
		out = append(out, nv)
	}
	if b.want >= 0 && len(out) != b.want {
		return nil, fmt.Errorf("sql: expected %d arguments, got %d", b.want, len(out))
	}
	return out, nil
}

func startsWithLetter(name string) bool {
	if name == "" {
		return true // a positional argument
	}
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsLetter(r)
}

func argLabel(nv driver.NamedValue) string {
	if nv.Name != "" {
		return fmt.Sprintf("with name %q", nv.Name)
	}
	return fmt.Sprintf("$%d", nv.Ordinal)
}

// convert runs nv through the stages, starting at the first one the
// driver offers and moving on at each driver.ErrSkip.
func (b binder) convert(nv *driver.NamedValue) error {
	st := byDefault
	switch {
	case b.named != nil:
		st = byChecker
	case b.columns != nil:
		st = byColumns
	}
	for {
		var err error
		switch st {
		case byChecker:
			err = b.named.CheckNamedValue(nv)
		case byColumns:
			err = b.columnConvert(nv)
		default:
			nv.Value, err = driver.DefaultParameterConverter.ConvertValue(nv.Value)
			return err
		}
		if err != driver.ErrSkip {
			return err
		}
		if st == byChecker && b.columns != nil {
			st = byColumns
		} else {
			st = byDefault
		}
	}
}

// columnConvert is stage 3. Arguments past the statement's declared count
// are left as they are; the count check rejects the call afterwards.
func (b binder) columnConvert(nv *driver.NamedValue) error {
	col := nv.Ordinal - 1
	if b.want >= 0 && col >= b.want {
		return nil
	}
	v, err := resolveValuer(nv.Value)
	if err != nil {
		return err
	}
	conv, err := b.columns.ColumnConverter(col).ConvertValue(v)
	switch {
	case err != nil:
		return err
	case !driver.IsValue(conv):
		return fmt.Errorf("driver ColumnConverter error converted %T to unsupported type %T", v, conv)
	}
	nv.Value = conv
	return nil
}

// resolveValuer replaces a driver.Valuer by its value, which must be one
// of the driver value types.
func resolveValuer(v any) (any, error) {
	vr, ok := v.(driver.Valuer)
	if !ok {
		return v, nil
	}
	dv, err := valueOf(vr)
	if err == nil && !driver.IsValue(dv) {
		err = fmt.Errorf("non-subset type %T returned from Value", dv)
	}
	return dv, err
}

// valueOf calls v.Value, except that a nil pointer to a type whose Value
// method has a value receiver stands for NULL instead of panicking.
func valueOf(v driver.Valuer) (driver.Value, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && rv.IsNil() && rv.Type().Elem().Implements(valuerType) {
		return nil, nil
	}
	return v.Value()
}

var valuerType = reflect.TypeFor[driver.Valuer]()

var errNilPtr = errors.New("destination pointer is nil")
