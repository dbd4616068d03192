package engine

import (
	"fmt"
	"strings"
	"testing"
)

// dsnClassifier is a classifier that keeps a DSN, as a dialect module's
// Open driver does.
type dsnClassifier struct{ dsn string }

func (dsnClassifier) Classify(err error) error { return err }

// TestEngineFormatVerbs prints an engine whose classifier holds a DSN with
// a password, and a transaction of it, with every verb: each prints its
// String, never a field.
func TestEngineFormatVerbs(t *testing.T) {
	e, err := New(&fakeSource{}, fakeDialect{}, WithClassifier(dsnClassifier{"file:x.db?_auth_pass=" + testSecret}))
	if err != nil {
		t.Fatal(err)
	}
	tx := &Tx{e: e}
	for _, v := range []any{e, tx, []any{e, tx}, struct{ E *Engine }{e}} {
		for _, verb := range allVerbs {
			if s := fmt.Sprintf(verb, v); strings.Contains(s, testSecret) {
				t.Errorf("%T printed with %s shows the password: %.200s", v, verb, s)
			}
		}
	}
	format := "%t|%q" // not a constant: vet refuses %t of an Engine
	if s := fmt.Sprintf(format, e, tx); s != `engine.Engine{dialect: fake}|"engine.Tx{}"` {
		t.Errorf("printed as %s", s)
	}
}
