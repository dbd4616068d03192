package pool

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"unicode"
	"unicode/utf8"
)

// This file converts query arguments into driver values with the same
// checks, in the same order and with the same error texts as database/sql:
// sql.NamedArg, driver.NamedValueChecker (statement first, then connection),
// driver.ColumnConverter, and the default converter, which calls
// driver.Valuer.

func describeNamedValue(nv *driver.NamedValue) string {
	if nv.Name == "" {
		return fmt.Sprintf("$%d", nv.Ordinal)
	}
	return fmt.Sprintf("with name %q", nv.Name)
}

func validateNamedValueName(name string) error {
	if name == "" {
		return nil
	}
	r, _ := utf8.DecodeRuneInString(name)
	if unicode.IsLetter(r) {
		return nil
	}
	return fmt.Errorf("name %q does not begin with a letter", name)
}

// ccChecker adapts a driver.ColumnConverter to a NamedValueChecker.
type ccChecker struct {
	cci  driver.ColumnConverter
	want int
}

func (c ccChecker) CheckNamedValue(nv *driver.NamedValue) error {
	if c.cci == nil {
		return driver.ErrSkip
	}
	index := nv.Ordinal - 1
	if c.want >= 0 && c.want <= index {
		return nil
	}
	if vr, ok := nv.Value.(driver.Valuer); ok {
		sv, err := callValuerValue(vr)
		if err != nil {
			return err
		}
		if !driver.IsValue(sv) {
			return fmt.Errorf("non-subset type %T returned from Value", sv)
		}
		nv.Value = sv
	}
	arg := nv.Value
	var err error
	nv.Value, err = c.cci.ColumnConverter(index).ConvertValue(arg)
	if err != nil {
		return err
	}
	if !driver.IsValue(nv.Value) {
		return fmt.Errorf("driver ColumnConverter error converted %T to unsupported type %T", arg, nv.Value)
	}
	return nil
}

func defaultCheckNamedValue(nv *driver.NamedValue) (err error) {
	nv.Value, err = driver.DefaultParameterConverter.ConvertValue(nv.Value)
	return err
}

var valuerType = reflect.TypeFor[driver.Valuer]()

// callValuerValue calls vr.Value, treating a nil pointer whose element type
// implements Valuer as NULL instead of panicking.
func callValuerValue(vr driver.Valuer) (driver.Value, error) {
	if rv := reflect.ValueOf(vr); rv.Kind() == reflect.Pointer && rv.IsNil() &&
		rv.Type().Elem().Implements(valuerType) {
		return nil, nil
	}
	return vr.Value()
}

// driverArgs converts args for a call on ci (and ds, when not nil).
// The connection must be locked.
func driverArgs(ci driver.Conn, ds *driverStmt, args []any) ([]driver.NamedValue, error) {
	nvargs := make([]driver.NamedValue, len(args))
	want := -1
	var si driver.Stmt
	var cc ccChecker
	if ds != nil {
		si = ds.si
		want = si.NumInput()
		cc.want = want
	}
	nvc, ok := si.(driver.NamedValueChecker)
	if !ok {
		nvc, _ = ci.(driver.NamedValueChecker)
	}
	cci, ok := si.(driver.ColumnConverter)
	if ok {
		cc.cci = cci
	}
	n := 0
	for _, arg := range args {
		nv := &nvargs[n]
		if np, ok := arg.(sql.NamedArg); ok {
			if err := validateNamedValueName(np.Name); err != nil {
				return nil, err
			}
			arg = np.Value
			nv.Name = np.Name
		}
		nv.Ordinal = n + 1
		nv.Value = arg

		checker := defaultCheckNamedValue
		nextCC := false
		switch {
		case nvc != nil:
			nextCC = cci != nil
			checker = nvc.CheckNamedValue
		case cci != nil:
			checker = cc.CheckNamedValue
		}
	check:
		switch err := checker(nv); err {
		case nil:
			n++
		case driver.ErrRemoveArgument:
			nvargs = nvargs[:len(nvargs)-1]
		case driver.ErrSkip:
			if nextCC {
				nextCC = false
				checker = cc.CheckNamedValue
			} else {
				checker = defaultCheckNamedValue
			}
			goto check
		default:
			return nil, fmt.Errorf("sql: converting argument %s type: %w", describeNamedValue(nv), err)
		}
	}
	if want != -1 && len(nvargs) != want {
		return nil, fmt.Errorf("sql: expected %d arguments, got %d", want, len(nvargs))
	}
	return nvargs, nil
}

var errNoNamedParams = errors.New("sql: driver does not support the use of Named Parameters")

func namedValueToValue(named []driver.NamedValue) ([]driver.Value, error) {
	dargs := make([]driver.Value, len(named))
	for n, p := range named {
		if p.Name != "" {
			return nil, errNoNamedParams
		}
		dargs[n] = p.Value
	}
	return dargs, nil
}
