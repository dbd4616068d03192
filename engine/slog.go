package engine

import (
	"context"
	"log/slog"
	"time"
)

// LogOptions configure NewLogHook.
type LogOptions struct {
	// Level is the level of ordinary statements (default slog.LevelDebug).
	Level slog.Level
	// SlowThreshold, when positive, logs statements that ran at least this
	// long at slog.LevelWarn with slow=true.
	SlowThreshold time.Duration
}

// LogHook logs statements, transactions and errors through log/slog: the
// SQL text, the number of parameters, the duration, rows and the error.
// Parameter values appear only when the engine was built with
// WithParamValuesInHooks (those of sensitive columns never do), and so
// does the server's error message, which may quote them: otherwise an error is logged as the hooks get it, a
// *HookError with its class, code and constraint. Failed statements are
// logged at slog.LevelError.
type LogHook struct {
	log  *slog.Logger
	opts LogOptions
}

// NewLogHook returns a LogHook writing to l; pass it to WithHooks.
func NewLogHook(l *slog.Logger, opts LogOptions) *LogHook {
	if opts.Level == 0 {
		opts.Level = slog.LevelDebug
	}
	return &LogHook{log: l, opts: opts}
}

var (
	_ QueryHook = (*LogHook)(nil)
	_ TxHook    = (*LogHook)(nil)
)

// BeforeQuery returns ctx unchanged.
func (h *LogHook) BeforeQuery(ctx context.Context, _ *QueryEvent) context.Context { return ctx }

// AfterQuery logs the statement.
func (h *LogHook) AfterQuery(ctx context.Context, ev *QueryEvent) {
	level := h.opts.Level
	slow := h.opts.SlowThreshold > 0 && ev.Duration >= h.opts.SlowThreshold
	switch {
	case ev.Err != nil:
		level = slog.LevelError
	case slow:
		level = slog.LevelWarn
	}
	if !h.log.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs,
		slog.String("op", ev.Op.String()),
		slog.String("sql", ev.SQL),
		slog.Int("params", ev.NumArgs),
		slog.Duration("duration", ev.Duration),
		slog.Int64("rows", ev.RowsAffected),
	)
	if ev.Args != nil {
		attrs = append(attrs, slog.Any("args", ev.Args))
	}
	if slow {
		attrs = append(attrs, slog.Bool("slow", true))
	}
	if ev.Err != nil {
		attrs = append(attrs, slog.String("error", ev.Err.Error()))
	}
	h.log.LogAttrs(ctx, level, "sqlforge: statement", attrs...)
}

// TxEvent logs the transaction event.
func (h *LogHook) TxEvent(ctx context.Context, ev *TxEvent) {
	level := h.opts.Level
	if ev.Err != nil {
		level = slog.LevelError
	}
	if !h.log.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{slog.String("op", ev.Op.String()), slog.Duration("duration", ev.Duration)}
	if ev.Savepoint != "" {
		attrs = append(attrs, slog.String("savepoint", ev.Savepoint))
	}
	if ev.Err != nil {
		attrs = append(attrs, slog.String("error", ev.Err.Error()))
	}
	h.log.LogAttrs(ctx, level, "sqlforge: transaction", attrs...)
}
