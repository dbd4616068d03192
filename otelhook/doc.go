// Package otelhook records OpenTelemetry traces and metrics for the
// statements, transactions, flushes and connection pools of a program that
// uses sqlforge, and for plain database/sql programs through a wrapped
// driver.
//
// It follows the OpenTelemetry database semantic conventions and never
// records parameter values: not as attributes, not in events, and not
// through a server's error text, which often quotes them.
package otelhook
