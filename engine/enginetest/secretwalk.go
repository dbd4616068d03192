package enginetest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// NoSecretReachable fails t when a piece of a secret can be reached from
// err: in the text of err and of every error on its Unwrap chains and
// trees, printed with %v, %+v, %#v, %s and %q, and, through reflection,
// in every string and byte slice held anywhere in their fields, exported
// or not, behind pointers, interfaces, slices and maps. What errors.As can
// hand out is among what the walk reaches.
//
// pieces are what must not show: the secret, and parts of it that a
// parser splitting it at a special character would print on their own.
// A piece shorter than 3 bytes is ignored.
func NoSecretReachable(t testing.TB, what string, err error, pieces ...string) {
	t.Helper()
	w := &secretWalk{t: t, what: what, seen: map[visit]bool{}}
	for _, p := range pieces {
		if len(p) >= 3 {
			w.pieces = append(w.pieces, p)
		}
	}
	w.errTree(err, "err", 0)
	w.value(reflect.ValueOf(err), "err", 0)
}

type secretWalk struct {
	t      testing.TB
	what   string
	pieces []string
	seen   map[visit]bool
	found  int
}

type visit struct {
	t reflect.Type
	p uintptr
}

// maxFound stops the walk's reports after a few.
const maxFound = 3

func (w *secretWalk) text(where, s string) {
	w.t.Helper()
	for _, p := range w.pieces {
		if strings.Contains(s, p) && w.found < maxFound {
			w.found++
			w.t.Errorf("%s: %s shows %q: %.300s", w.what, where, p, s)
		}
	}
}

// errTree checks the text of err and of the errors it wraps.
func (w *secretWalk) errTree(err error, path string, depth int) {
	w.t.Helper()
	if err == nil || depth > 50 {
		return
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		w.text(path+" printed with "+verb, fmt.Sprintf(verb, err))
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		w.errTree(u.Unwrap(), path+".Unwrap()", depth+1)
	case interface{ Unwrap() []error }:
		for i, e := range u.Unwrap() {
			w.errTree(e, fmt.Sprintf("%s.Unwrap()[%d]", path, i), depth+1)
		}
	}
}

// value checks the strings and byte slices held in v, at any depth.
func (w *secretWalk) value(v reflect.Value, path string, depth int) {
	w.t.Helper()
	if !v.IsValid() || depth > 60 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		w.text(path, v.String())
	case reflect.Pointer:
		if v.IsNil() || w.seen[visit{v.Type(), v.Pointer()}] {
			return
		}
		w.seen[visit{v.Type(), v.Pointer()}] = true
		w.value(v.Elem(), "(*"+path+")", depth+1)
	case reflect.Interface:
		w.value(v.Elem(), path, depth+1)
	case reflect.Struct:
		for i := range v.NumField() {
			w.value(v.Field(i), path+"."+v.Type().Field(i).Name, depth+1)
		}
	case reflect.Slice:
		if v.IsNil() || w.seen[visit{v.Type(), v.Pointer()}] {
			return
		}
		w.seen[visit{v.Type(), v.Pointer()}] = true
		if v.Type().Elem().Kind() == reflect.Uint8 {
			w.text(path, string(v.Bytes()))
			return
		}
		fallthrough
	case reflect.Array:
		for i := range v.Len() {
			w.value(v.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			w.value(it.Key(), path+"[key]", depth+1)
			w.value(it.Value(), fmt.Sprintf("%s[%v]", path, it.Key()), depth+1)
		}
	}
}
