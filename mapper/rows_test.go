package mapper_test

import (
	"database/sql"
	"errors"
	"reflect"
	"time"
)

// memRows is an in-memory Rows for unit tests of the mapper's own logic
// (plans, helpers, errors). It converts like a strict driver: exact types,
// pointers for NULL, and an error for NULL into anything else. Behaviour
// against the real drivers is tested in the mappertest module.
type memRows struct {
	cols   []string
	data   [][]any
	i      int
	closed bool
	err    error
}

func (r *memRows) Columns() ([]string, error) { return r.cols, nil }
func (r *memRows) Err() error                 { return r.err }
func (r *memRows) Close() error               { r.closed = true; return nil }

func (r *memRows) Next() bool {
	if r.i >= len(r.data) {
		return false
	}
	r.i++
	return true
}

var errNullConversion = errors.New("memrows: converting NULL is unsupported")

func (r *memRows) Scan(dest ...any) error {
	row := r.data[r.i-1]
	if len(dest) != len(row) {
		return errors.New("memrows: wrong number of destinations")
	}
	for i, d := range dest {
		src := row[i]
		// The common cases without reflection, as a driver would.
		switch d := d.(type) {
		case *int64:
			if v, ok := src.(int64); ok {
				*d = v
				continue
			}
		case *string:
			if v, ok := src.(string); ok {
				*d = v
				continue
			}
		case *bool:
			if v, ok := src.(bool); ok {
				*d = v
				continue
			}
		case *float64:
			if v, ok := src.(float64); ok {
				*d = v
				continue
			}
		case *time.Time:
			if v, ok := src.(time.Time); ok {
				*d = v
				continue
			}
		case **string:
			switch v := src.(type) {
			case nil:
				*d = nil
				continue
			case string:
				if *d != nil {
					**d = v
				} else {
					*d = &v
				}
				continue
			}
		case *any:
			*d = src
			continue
		case sql.Scanner:
			if err := d.Scan(src); err != nil {
				return err
			}
			continue
		}
		dv := reflect.ValueOf(d).Elem()
		if src == nil {
			switch dv.Kind() {
			case reflect.Pointer, reflect.Slice, reflect.Interface, reflect.Map:
				dv.SetZero()
				continue
			}
			return errNullConversion
		}
		sv := reflect.ValueOf(src)
		if dv.Kind() == reflect.Pointer {
			n := reflect.New(dv.Type().Elem())
			n.Elem().Set(sv.Convert(dv.Type().Elem()))
			dv.Set(n)
			continue
		}
		if !sv.Type().ConvertibleTo(dv.Type()) {
			return errors.New("memrows: cannot convert " + sv.Type().String() + " to " + dv.Type().String())
		}
		dv.Set(sv.Convert(dv.Type()))
	}
	return nil
}

// descRows has column names only through FieldDescriptions, as pgx.Rows.
type descRows struct{ memRows }

type fieldDesc struct {
	Name string
	OID  uint32
}

func (r *descRows) Columns() {} // not the database/sql signature: ignored

func (r *descRows) FieldDescriptions() []fieldDesc {
	d := make([]fieldDesc, len(r.cols))
	for i, c := range r.cols {
		d[i] = fieldDesc{Name: c}
	}
	return d
}

// nameless has neither Columns nor FieldDescriptions.
type nameless struct{ r memRows }

func (n *nameless) Next() bool             { return n.r.Next() }
func (n *nameless) Scan(dest ...any) error { return n.r.Scan(dest...) }
func (n *nameless) Err() error             { return n.r.Err() }

// rawRows behaves like pgx.Rows: undecoded values through RawValues, and
// a failed Scan closes the rows, so that Scan cannot be repeated.
type rawRows struct {
	descRows
	failed bool
}

func (r *rawRows) RawValues() [][]byte {
	row := r.data[r.i-1]
	raw := make([][]byte, len(row))
	for i, v := range row {
		if v != nil {
			raw[i] = []byte{1}
		}
	}
	return raw
}

func (r *rawRows) Scan(dest ...any) error {
	if r.failed {
		return errors.New("rawrows: closed after an error")
	}
	if err := r.memRows.Scan(dest...); err != nil {
		r.failed = true
		return err
	}
	return nil
}
