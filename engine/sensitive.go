package engine

import (
	"context"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Values of sensitive columns (expr.Sensitive): the compiler reports
// which arguments hold them (compile's CompileSensitive); hooks see
// SensitiveValue in their place, and a statement's error has their text
// taken out (withholdSensitive). See the package documentation.

// SensitiveText is what a value of a sensitive column shows as.
const SensitiveText = "[sensitive]"

// SensitiveValue stands in QueryEvent.Args for the value of a sensitive
// column. It prints as [sensitive] with every fmt verb, in slog output
// and in JSON.
type SensitiveValue struct{}

// String returns [sensitive].
func (SensitiveValue) String() string { return SensitiveText }

// GoString returns [sensitive], for %#v.
func (SensitiveValue) GoString() string { return SensitiveText }

// Format writes [sensitive] whatever the verb.
func (SensitiveValue) Format(f fmt.State, verb rune) { formatRedacted(f, verb, SensitiveText) }

// LogValue returns [sensitive], for log/slog.
func (SensitiveValue) LogValue() slog.Value { return slog.StringValue(SensitiveText) }

// MarshalText returns [sensitive], for encoding/json and friends.
func (SensitiveValue) MarshalText() ([]byte, error) { return []byte(SensitiveText), nil }

// hookArgs returns args as hooks may see them: a copy, so that a hook
// that changes it (masking values for a log) does not change what the
// statement sends, with SensitiveValue at the positions sens.
func hookArgs(args []any, sens []int) []any {
	out := slices.Clone(args)
	for _, i := range sens {
		out[i] = SensitiveValue{}
	}
	return out
}

// wrapStmt is wrap for the error of a statement run with args: when
// sens marks some of them as values of sensitive columns, the error
// keeps none of their text (see withholdSensitive).
func (e *Engine) wrapStmt(ctx context.Context, op string, err error, args []any, sens []int) error {
	err = e.wrap(ctx, op, err)
	if err == nil || len(sens) == 0 {
		return err
	}
	return withholdSensitive(err, args, sens)
}

// withholdSensitive returns an *Error like the one in err's chain, whose
// Err is the engine's own error with the text of the underlying error,
// every text of the sensitive arguments taken out, and for errors.Is and
// errors.As only what redactedError keeps.
func withholdSensitive(err error, args []any, sens []int) error {
	var ee *Error
	if !errors.As(err, &ee) {
		ee = &Error{Err: err}
	}
	var texts []string
	for _, i := range sens {
		texts = valueTexts(texts, args[i], 0)
	}
	r := &redactedError{text: scrubText(ee.Err.Error(), texts), kept: keptErrors(ee.Err, nil)}
	return &Error{Op: ee.Op, Class: ee.Class, Code: ee.Code, Constraint: ee.Constraint, Err: r}
}

// scrubText returns s with every text of a sensitive value replaced by
// [sensitive], or a message that withholds s when it holds a text too
// short to replace without garbling the rest (see minRedactLen).
func scrubText(s string, texts []string) string {
	if s, ok := replaceSecrets(s, texts, SensitiveText); ok {
		return s
	}
	return "engine: error text withheld: it contains a value of a sensitive column"
}

// maxValueTexts bounds the texts collected from one array argument.
const maxValueTexts = 10000

// valueTexts appends to dst the texts a server may quote v as in an error
// message: a string as it is, a number in Go's and the databases' usual
// spellings, []byte as text and in hex (PostgreSQL's bytea), a time by
// its date and time of day in its zone, UTC and the local zone (whatever
// the layout around them), a driver.Valuer as its value, and the
// elements of an array parameter (IN lists and INSERT ... unnest on
// PostgreSQL) each.
func valueTexts(dst []string, v any, depth int) []string {
	if depth > 4 || len(dst) >= maxValueTexts {
		return dst
	}
	switch x := v.(type) {
	case nil:
		return dst
	case string:
		return append(dst, x)
	case []byte:
		h := hex.EncodeToString(x)
		return append(dst, string(x), h, strings.ToUpper(h))
	case time.Time:
		for _, t := range [...]time.Time{x, x.UTC(), x.Local()} {
			dst = append(dst, t.Format("2006-01-02"), t.Format("15:04:05.999999999"), t.Format("15:04:05"))
		}
		return dst
	case driver.Valuer:
		if dv, err := x.Value(); err == nil {
			return valueTexts(dst, dv, depth+1)
		}
		return dst
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return append(dst, rv.String())
	case reflect.Bool:
		if rv.Bool() {
			return append(dst, "true", "t", "1")
		}
		return append(dst, "false", "f", "0")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return append(dst, strconv.FormatInt(rv.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return append(dst, strconv.FormatUint(rv.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		bits := rv.Type().Bits()
		f := rv.Float()
		return append(dst, strconv.FormatFloat(f, 'g', -1, bits), strconv.FormatFloat(f, 'f', -1, bits))
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return dst
		}
		return valueTexts(dst, rv.Elem().Interface(), depth+1)
	case reflect.Slice, reflect.Array:
		if rv.Type().Elem().Kind() == reflect.Uint8 { // a named []byte, or a [16]byte UUID
			b := make([]byte, rv.Len())
			reflect.Copy(reflect.ValueOf(b), rv)
			return valueTexts(dst, b, depth+1)
		}
		for i := range rv.Len() {
			dst = valueTexts(dst, rv.Index(i).Interface(), depth+1)
		}
		return dst
	}
	return append(dst, fmt.Sprint(v))
}
