package engine

import "log/slog"

// String describes the engine by its dialect; it never shows the Source's
// configuration, so printing an Engine cannot reveal credentials.
func (e *Engine) String() string { return "engine.Engine{dialect: " + e.c.Dialect().Name() + "}" }

// GoString is String, for %#v.
func (e *Engine) GoString() string { return e.String() }

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
