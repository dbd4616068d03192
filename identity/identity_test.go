package identity_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/identity"
)

type user struct{ ID int64 }
type org struct{ ID int64 }

func TestKeys(t *testing.T) {
	var m identity.Map[string]
	u7 := identity.NewKey(reflect.TypeFor[user](), int64(7))
	m.Put(u7, "ann")
	if v, ok := m.Get(identity.NewKey(reflect.TypeFor[user](), int64(7))); !ok || v != "ann" {
		t.Fatalf("same type and key: %q %v", v, ok)
	}
	for name, k := range map[string]identity.Key{
		"other type":     identity.NewKey(reflect.TypeFor[org](), int64(7)),
		"other Go type":  identity.NewKey(reflect.TypeFor[user](), 7),
		"other value":    identity.NewKey(reflect.TypeFor[user](), int64(8)),
		"composite head": identity.NewKey(reflect.TypeFor[user](), int64(7), nil),
	} {
		if _, ok := m.Get(k); ok {
			t.Errorf("%s: found", name)
		}
	}
	two := identity.NewKey(reflect.TypeFor[org](), "eu", int64(7))
	m.Put(two, "acme")
	if m.Len() != 2 || two.Len() != 2 || two.Value(0) != "eu" || two.Value(1) != any(int64(7)) || u7.Value(0) != any(int64(7)) {
		t.Fatalf("Len %d, key len %d, values %v %v", m.Len(), two.Len(), two.Value(0), two.Value(1))
	}
	if identity.IntKey(reflect.TypeFor[user](), 7) != u7 || identity.StringKey(reflect.TypeFor[user](), "a") != identity.NewKey(reflect.TypeFor[user](), "a") {
		t.Error("IntKey or StringKey differs from NewKey of the same value")
	}
	if s := two.String(); strings.Contains(s, "eu") || !strings.Contains(s, "2 columns") {
		t.Errorf("String %q shows a value or not the column count", s)
	}
	m.Delete(u7)
	n := 0
	for k, v := range m.All() {
		n++
		if k != two || v != "acme" {
			t.Errorf("All: %v %q", k, v)
		}
	}
	if n != 1 {
		t.Errorf("All yielded %d", n)
	}
	m.Clear()
	if m.Len() != 0 {
		t.Errorf("after Clear: %d", m.Len())
	}
}

// Integer keys of several types, looked up in turn, each find their own
// object: the map of the type used last must not answer for another.
func TestIntKeysOfSeveralTypes(t *testing.T) {
	var m identity.Map[string]
	ut, ot := reflect.TypeFor[user](), reflect.TypeFor[org]()
	m.Reserve(ut, 10)
	for i := range int64(10) {
		m.Put(identity.IntKey(ut, i), "user")
		m.Put(identity.IntKey(ot, i), "org")
	}
	for i := range int64(10) {
		if v, _ := m.Get(identity.IntKey(ut, i)); v != "user" {
			t.Fatalf("user %d: %q", i, v)
		}
		if v, _ := m.Get(identity.IntKey(ot, i)); v != "org" {
			t.Fatalf("org %d: %q", i, v)
		}
	}
	m.Delete(identity.IntKey(ot, 3))
	if _, ok := m.Get(identity.IntKey(ot, 3)); ok {
		t.Error("deleted org 3 found")
	}
	if _, ok := m.Get(identity.IntKey(ut, 3)); !ok {
		t.Error("user 3 gone with org 3")
	}
	seen := map[string]int{}
	for k, v := range m.All() {
		if k.Type == ut && v != "user" || k.Type == ot && v != "org" {
			t.Errorf("All: %v → %q", k, v)
		}
		seen[v]++
	}
	if seen["user"] != 10 || seen["org"] != 9 || m.Len() != 19 {
		t.Errorf("All: %v, Len %d", seen, m.Len())
	}
	m.Clear()
	if _, ok := m.Get(identity.IntKey(ut, 1)); ok || m.Len() != 0 {
		t.Errorf("after Clear: Len %d", m.Len())
	}
	m.Put(identity.IntKey(ot, 1), "again")
	if v, _ := m.Get(identity.IntKey(ot, 1)); v != "again" {
		t.Errorf("reused after Clear: %q", v)
	}
}

func TestKeyColumns(t *testing.T) {
	var ke *identity.KeyError
	if err := identity.CheckKeyColumns(5); !errors.As(err, &ke) || ke.Columns != 5 {
		t.Errorf("5 columns: %v", err)
	}
	if err := identity.CheckKeyColumns(0); err == nil {
		t.Error("no key columns accepted")
	}
	defer func() {
		if recover() == nil {
			t.Error("NewKey of 5 values did not panic")
		}
	}()
	identity.NewKey(reflect.TypeFor[user](), 1, 2, 3, 4, 5)
}

// A lookup with a key of the field's type allocates nothing: Session.Get
// of an object it holds costs no allocation.
func TestGetAllocs(t *testing.T) {
	var m identity.Map[*user]
	typ := reflect.TypeFor[user]()
	m.Put(identity.NewKey(typ, int64(1000)), &user{ID: 1000})
	id := int64(1000)
	allocs := testing.AllocsPerRun(100, func() {
		if _, ok := m.Get(identity.IntKey(typ, id)); !ok {
			t.Fatal("not found")
		}
	})
	if allocs != 0 {
		t.Errorf("Get: %v allocs, want 0", allocs)
	}
}

func ExampleMap() {
	var m identity.Map[*user]
	ann := &user{ID: 7}
	m.Put(identity.NewKey(reflect.TypeFor[user](), ann.ID), ann)

	again, ok := m.Get(identity.NewKey(reflect.TypeFor[user](), int64(7)))
	fmt.Println(ok, again == ann)
	// Output: true true
}
