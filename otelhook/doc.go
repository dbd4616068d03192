// Package otelhook records OpenTelemetry traces and metrics for the
// statements, transactions, flushes and connection pools of a program that
// uses sqlforge, and for plain database/sql programs through a wrapped
// driver.
//
// It follows the OpenTelemetry database semantic conventions and never
// records parameter values: not as attributes, not in events, and not
// through a server's error text, which often quotes them.
//
// For the engine, New returns a Hook: engine.WithHooks(h) gives each
// statement a client span named by its query summary ("SELECT users") and
// a db.client.operation.duration measurement, and each transaction and
// savepoint a span whose children are its statements; as a
// unitofwork.FlushHook (unitofwork.WithFlushHooks(h)) it adds a span per
// flush. engine.WithStatementComment(Traceparent) appends the statement
// span's traceparent to the SQL text sent, for the servers' logs. With
// the no-op providers (given, or set as the global ones) the Hook
// records and allocates nothing. docs/observability.md describes what is
// recorded, what tracing off costs and how to wire an exporter.
package otelhook
