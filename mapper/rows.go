package mapper

import (
	"errors"
	"reflect"
	"sync"
)

// Rows is what the scanning functions read: the part of *sql.Rows,
// pgx.Rows and the pool's rows that they share. Scan must accept
// pointers to Go values and sql.Scanner implementations, as all of those do.
//
// The column names come from a Columns() ([]string, error) method
// (database/sql) or, failing that, from a FieldDescriptions() method
// returning a slice of structs with a Name string field (pgx); the method
// is found once per Rows type. A Rows that has neither is an error.
//
// When a scanning function returns, it has closed the rows through
// Close() error or Close(), whichever they have.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

type columnser interface{ Columns() ([]string, error) }

// ErrNoColumns is returned for Rows that cannot name their columns.
var ErrNoColumns = errors.New("mapper: rows have neither Columns nor FieldDescriptions")

// fieldDescs caches, per Rows type, how to read column names from a
// FieldDescriptions method: reflect.Type -> *descAccess (nil: none).
var fieldDescs sync.Map

type descAccess struct {
	method int   // method index of FieldDescriptions
	name   []int // field index of Name in the element struct
}

func columnsOf(rows Rows) ([]string, error) {
	if c, ok := rows.(columnser); ok {
		return c.Columns()
	}
	v := reflect.ValueOf(rows)
	t := v.Type()
	a, ok := fieldDescs.Load(t)
	if !ok {
		a, _ = fieldDescs.LoadOrStore(t, findDescAccess(t))
	}
	acc := a.(*descAccess)
	if acc == nil {
		return nil, ErrNoColumns
	}
	descs := v.Method(acc.method).Call(nil)[0]
	names := make([]string, descs.Len())
	for i := range names {
		names[i] = descs.Index(i).FieldByIndex(acc.name).String()
	}
	return names, nil
}

func findDescAccess(t reflect.Type) *descAccess {
	m, ok := t.MethodByName("FieldDescriptions")
	if !ok || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 {
		return nil
	}
	out := m.Type.Out(0)
	if out.Kind() != reflect.Slice || out.Elem().Kind() != reflect.Struct {
		return nil
	}
	f, ok := out.Elem().FieldByName("Name")
	if !ok || f.Type.Kind() != reflect.String {
		return nil
	}
	return &descAccess{method: m.Index, name: f.Index}
}

// closeRows closes rows of either flavour and returns Close's error, if any.
func closeRows(rows Rows) error {
	switch c := rows.(type) {
	case interface{ Close() error }:
		return c.Close()
	case interface{ Close() }:
		c.Close()
	}
	return nil
}
