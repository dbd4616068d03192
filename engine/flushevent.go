package engine

import "time"

// FlushEvent describes one flush of a unit of work (unitofwork's
// Session): how many rows of each table it inserted, updated and deleted,
// and how it ended. It is declared here, below unitofwork, so that a
// module that may import only the engine (otelhook) can implement
// unitofwork.FlushHook, whose AfterFlush takes it; unitofwork.FlushEvent
// is the same type.
type FlushEvent struct {
	// Inserts, Updates and Deletes count the rows written, by table name;
	// nil when there were none.
	Inserts, Updates, Deletes map[string]int
	// Autoflush is true for a flush a query started by itself.
	Autoflush bool
	// Duration is how long the flush took.
	Duration time.Duration
	// Err is the flush's error, without the server's message unless the
	// engine was built with WithParamValuesInHooks (see Engine.ForHooks).
	Err error
}
