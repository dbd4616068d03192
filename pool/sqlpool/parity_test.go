package sqlpool

import (
	"database/sql"
	"reflect"
	"testing"
)

// typeMap maps database/sql types to their counterparts in this package.
var typeMap = map[reflect.Type]reflect.Type{
	reflect.TypeFor[*sql.DB]():         reflect.TypeFor[*DB](),
	reflect.TypeFor[*sql.Rows]():       reflect.TypeFor[*Rows](),
	reflect.TypeFor[*sql.Row]():        reflect.TypeFor[*Row](),
	reflect.TypeFor[*sql.Tx]():         reflect.TypeFor[*Tx](),
	reflect.TypeFor[*sql.Conn]():       reflect.TypeFor[*Conn](),
	reflect.TypeFor[*sql.Stmt]():       reflect.TypeFor[*Stmt](),
	reflect.TypeFor[*sql.ColumnType](): reflect.TypeFor[*ColumnType](),
	reflect.TypeFor[sql.DBStats]():     reflect.TypeFor[DBStats](),
}

func mapType(t reflect.Type) reflect.Type {
	if m, ok := typeMap[t]; ok {
		return m
	}
	if t.Kind() == reflect.Slice {
		if m, ok := typeMap[t.Elem()]; ok {
			return reflect.SliceOf(m)
		}
	}
	return t
}

// signature renders a method type with database/sql types mapped.
func signature(t reflect.Type, mapped bool) string {
	f := func(x reflect.Type) string {
		if mapped {
			x = mapType(x)
		}
		return x.String()
	}
	s := "func("
	for i := 1; i < t.NumIn(); i++ { // skip the receiver
		if i > 1 {
			s += ", "
		}
		s += f(t.In(i))
	}
	if t.IsVariadic() {
		s += " (variadic)"
	}
	s += ") ("
	for i := 0; i < t.NumOut(); i++ {
		if i > 0 {
			s += ", "
		}
		s += f(t.Out(i))
	}
	return s + ")"
}

func TestMethodSetParity(t *testing.T) {
	for std, ours := range typeMap {
		if std.Kind() != reflect.Pointer {
			continue // DBStats is a plain struct; see TestDBStatsFields
		}
		want := map[string]string{}
		for i := 0; i < std.NumMethod(); i++ {
			m := std.Method(i)
			want[m.Name] = signature(m.Type, true)
		}
		got := map[string]string{}
		for i := 0; i < ours.NumMethod(); i++ {
			m := ours.Method(i)
			got[m.Name] = signature(m.Type, false)
		}
		for name, sig := range want {
			if got[name] != sig {
				t.Errorf("%v.%s: got %q; want %q (as in %v)", ours, name, got[name], sig, std)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("%v.%s: %v has no such method", ours, name, std)
			}
		}
	}
}

func TestDBStatsFields(t *testing.T) {
	std, ours := reflect.TypeFor[sql.DBStats](), reflect.TypeFor[DBStats]()
	for i := 0; i < std.NumField(); i++ {
		f := std.Field(i)
		g, ok := ours.FieldByName(f.Name)
		if !ok || g.Type != f.Type {
			t.Errorf("DBStats.%s: missing or of another type than %v", f.Name, f.Type)
		}
	}
}
