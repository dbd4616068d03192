package mapper

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strconv"

	"github.com/sqlforge/sqlforge/expr"
)

// SensitiveText is what a Sensitive value prints as.
const SensitiveText = "[sensitive]"

// Sensitive holds a value that must never be shown, such as a national
// identity number: it prints as [sensitive] with every fmt verb, in slog
// output and in encoding/json, so a struct holding one can be printed,
// logged or serialized whole. Reveal returns the value.
//
// A field of type Sensitive[T] maps as a field of type T does — the same
// column type, NULL where T holds it (Sensitive[*string]) — and its
// column is sensitive, as with the `sensitive` tag option: the engine
// keeps its values out of hook events, logs and error text
// (expr.Sensitive). The tag alone does that for a field of any type; the
// wrapper also keeps the struct's own printing from showing the value.
// T is a type the mapper maps without help: a scalar, string, time.Time,
// []byte, a pointer to one, a sql.Null type, or a type with its own
// Scan and Value. A Sensitive value cannot go into a JSON column (it
// would be stored as [sensitive]): Map refuses a json field that holds
// one.
//
// The value sits behind a pointer: where fmt cannot call Format (a
// Sensitive in an unexported field of a struct), it prints the pointer's
// address, not the value. The zero Sensitive holds T's zero value.
type Sensitive[T any] struct{ v *T }

// NewSensitive wraps v.
func NewSensitive[T any](v T) Sensitive[T] { return Sensitive[T]{&v} }

// Reveal returns the value.
func (s Sensitive[T]) Reveal() T {
	if s.v == nil {
		var zero T
		return zero
	}
	return *s.v
}

// Format writes [sensitive] whatever the verb and flags (quoted for %q),
// so that no verb prints the value.
func (Sensitive[T]) Format(f fmt.State, verb rune) {
	text := SensitiveText
	if verb == 'q' {
		text = strconv.Quote(text)
	}
	io.WriteString(f, text)
}

// String returns [sensitive].
func (Sensitive[T]) String() string { return SensitiveText }

// GoString returns [sensitive], for %#v.
func (Sensitive[T]) GoString() string { return SensitiveText }

// LogValue returns [sensitive], for log/slog.
func (Sensitive[T]) LogValue() slog.Value { return slog.StringValue(SensitiveText) }

// MarshalText returns [sensitive], for encoding/json and friends. There
// is no UnmarshalText: decoding [sensitive] back fails rather than
// silently storing the marker.
func (Sensitive[T]) MarshalText() ([]byte, error) { return []byte(SensitiveText), nil }

// Value returns the value as the driver takes it (database/sql's default
// conversion of T).
func (s Sensitive[T]) Value() (driver.Value, error) {
	return driver.DefaultParameterConverter.ConvertValue(s.Reveal())
}

// Scan stores a value read from the database. Its errors never quote
// the value.
func (s *Sensitive[T]) Scan(src any) error {
	v := new(T)
	if err := scanValue(reflect.ValueOf(v).Elem(), src); err != nil {
		return errString("cannot store a " + srcType(src) + " in a Sensitive[" + reflect.TypeFor[T]().String() +
			"] (the value is not shown)")
	}
	s.v = v
	return nil
}

// SQLType is T's column type, so that a Sensitive field needs no type=.
func (Sensitive[T]) SQLType() expr.Type {
	st, _, _ := sensitiveColumn(reflect.TypeFor[T]())
	return st
}

func (Sensitive[T]) sensitiveElem() reflect.Type { return reflect.TypeFor[T]() }

// sensitiveWrapper is implemented by Sensitive[T] alone: the method is
// unexported.
type sensitiveWrapper interface{ sensitiveElem() reflect.Type }

var sensitiveWrapperType = reflect.TypeFor[sensitiveWrapper]()

// sensitiveElem returns T when t is a Sensitive[T].
func sensitiveElem(t reflect.Type) (reflect.Type, bool) {
	if !t.Implements(sensitiveWrapperType) {
		return nil, false
	}
	return reflect.Zero(t).Interface().(sensitiveWrapper).sensitiveElem(), true
}

// sensitiveColumn returns the column type and nullability of a field of
// type T, and whether the mapper can map T without help.
func sensitiveColumn(t reflect.Type) (st expr.Type, nullable, ok bool) {
	elem := t
	if t.Kind() == reflect.Pointer {
		elem = t.Elem()
	}
	if typer, has := sqlTyperOf(elem); has {
		st = typer.SQLType()
		return st, t != elem, st.User == nil && st.Kind != expr.Unknown
	}
	st, nullable, ok = inferType(elem)
	return st, nullable || t != elem, ok
}

// scanValue stores src, a value a driver returns, in target: through its
// Scan method, a pointer (nil for NULL), or the conversions of nullzero
// fields.
func scanValue(target reflect.Value, src any) error {
	if sc, ok := target.Addr().Interface().(sql.Scanner); ok {
		return sc.Scan(src)
	}
	if src == nil {
		switch target.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
			target.SetZero()
			return nil
		}
		return errString("NULL")
	}
	if target.Kind() == reflect.Pointer {
		n := reflect.New(target.Type().Elem())
		if err := scanValue(n.Elem(), src); err != nil {
			return err
		}
		target.Set(n)
		return nil
	}
	return convertValue(target, src)
}

// containsSensitive reports whether a value of type t can hold a
// Sensitive anywhere: in a field, an element, a map value.
func containsSensitive(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if _, ok := sensitiveElem(t); ok {
		return true
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return containsSensitive(t.Elem(), seen)
	case reflect.Map:
		return containsSensitive(t.Key(), seen) || containsSensitive(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if containsSensitive(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}
