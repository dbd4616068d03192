package engine

// ErrPoolerUnsafe: a dialect's Open refused a configuration that breaks
// behind a connection pooler in transaction mode (PgBouncer's
// pool_mode=transaction), where consecutive round trips of one client
// may run on different server connections. Such a configuration keeps
// state on the server connection from one round trip to the next — a
// named prepared statement, or the unnamed one between describing a
// statement and running it — and would then fail, or run another
// client's statement with this client's values. The error's text names
// the setting and the safe choices.
var ErrPoolerUnsafe = sentinel("unsafe behind a transaction pooler")
