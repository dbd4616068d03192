package engine

import (
	"fmt"
	"log/slog"
)

// String describes the engine by its dialect; it never shows the Source's
// configuration, so printing an Engine cannot reveal credentials.
func (e *Engine) String() string { return "engine.Engine{dialect: " + e.c.Dialect().Name() + "}" }

// GoString is String, for %#v.
func (e *Engine) GoString() string { return e.String() }

// Format writes String for every verb: fmt prints the fields of a value
// for the verbs that do not call String (%t, %c, %f...), and the engine's
// source and classifier may hold a DSN.
func (e *Engine) Format(f fmt.State, verb rune) { formatRedacted(f, verb, e.String()) }

// LogValue describes the engine to log/slog by its dialect only.
func (e *Engine) LogValue() slog.Value {
	return slog.GroupValue(slog.String("dialect", e.c.Dialect().Name()))
}

// String describes the transaction without its connection.
func (t *Tx) String() string {
	if t.sp != "" {
		return "engine.Tx{savepoint: " + t.sp + "}"
	}
	return "engine.Tx{}"
}

// GoString is String, for %#v.
func (t *Tx) GoString() string { return t.String() }

// Format writes String for every verb, as Engine's does: a Tx holds its
// engine and connection.
func (t *Tx) Format(f fmt.State, verb rune) { formatRedacted(f, verb, t.String()) }
