// Package engine executes sqlforge statements: it is what SQLAlchemy calls
// the Engine and the Connection.
//
// An Engine ties together a dialect (whose compile.Compiler turns expr
// statements into SQL), a Source of connections and a set of hooks:
//
//	e, err := engine.New(engine.SQLDB(db), sqlitedialect.New(),
//		engine.WithClassifier(sqlitedialect.Classifier{}),
//		engine.WithStatementTimeout(5*time.Second))
//
// The dialect modules' Open functions do this for you, with safe defaults.
//
// # Sources
//
// Source is the small interface the engine needs from a connection pool:
// Exec, Query and Begin. SQLDB adapts a *sql.DB; pgdialect.Pool and
// pgdialect.Conn run PostgreSQL natively on pgx, without database/sql.
// A Source's transactions may also be SourceBatchers, which send many
// statements in one round trip; Tx.ExecMany uses them (pgx's do).
//
// SQLDBLike adapts any database/sql look-alike — a type with *sql.DB's
// methods whose transaction and rows types have those of *sql.Tx and
// *sql.Rows — such as this project's *pool.DB:
//
//	db, err := pool.Open("sqlite3", "app.db")
//	e, err := engine.New(engine.SQLDBLike(db), sqlitedialect.New(),
//		engine.WithClassifier(sqlitedialect.Classifier{}))
//
// The engine declares the interfaces (DBLike, TxLike, SourceRows) and the
// pool, which depends on the standard library only, satisfies them without
// knowing the engine: neither module imports the other, and the
// application, which imports both, joins them.
//
// # Running statements
//
// Exec and Query take any expr.Statement, including constant SQL from
// expr.Text; Go values are always bound parameters. Rows streams a result;
// Row, One, OneOrNone, All, Scalar and Iter cover the usual shapes:
//
//	n, err := engine.Scalar[int64](ctx, e, expr.Select(expr.CountAll()).From(users))
//	list, err := engine.All(ctx, e, q, mapper.Row[User])
//	for u, err := range engine.Iter(ctx, e, q, scanUser) { ... }
//
// The helpers own the iteration and call a ScanFunc per row: ScanValue,
// a hand-written func(*Rows) (T, error), or the mapper module's Row for
// structs, which keeps its plan in the rows' ScanState slot. A ScanFunc
// that moves the rows itself fails with ErrScanAdvanced.
//
// A statement timeout applies per engine (WithStatementTimeout) or per
// call (Timeout(ctx, d)).
//
// # Transactions
//
// Begin starts a transaction with an isolation level and read-only flag;
// Tx.Begin nests one as a SAVEPOINT. RunInTx commits when its function
// returns nil, rolls back on an error or panic, and retries the whole
// transaction on serialization failures, deadlocks and lock timeouts with
// capped, jittered backoff (RetryPolicy).
//
// # Errors
//
// Failures are *Error values whose Class is one of the sentinel errors
// ErrUniqueViolation, ErrForeignKeyViolation, ErrNotNullViolation,
// ErrCheckViolation, ErrSerializationFailure, ErrDeadlock, ErrLockTimeout,
// ErrConnectionLost, ErrStatementTimeout or ErrCanceled. Test with
// errors.Is; errors.As still reaches the driver's error, except from the
// errors of Open and of failed new connections, which keep nothing of the
// driver's (see Open), and from those of statements with values of
// sensitive columns (see below). Each dialect
// module's Classifier maps its driver's codes to the classes. One returns
// ErrNoRows (which is sql.ErrNoRows) when there is no row and
// ErrTooManyRows when there are more; All beyond WithMaxRows returns
// ErrRowLimit.
//
// # Hooks and logging
//
// Hooks (QueryHook, TxHook, ConnectHook, CheckoutHook, ErrorHook) see
// each statement's SQL text and metadata — never its parameter values,
// unless the engine was built with WithParamValuesInHooks. That holds for
// errors too: servers quote bound values in their messages, so without
// the opt-in hooks get a *HookError (the class, the database's code and
// the constraint's name) in place of the caller's *Error. LogHook logs
// through log/slog, with a slow-query threshold.
//
// # Sensitive columns
//
// The values of a column marked expr.Sensitive are never shown, opt-in
// or not: in QueryEvent.Args they are SensitiveValue, printing
// [sensitive], and the error of a statement that binds one — the
// caller's as much as the hooks' — has every text of them replaced by
// [sensitive] in the server's message (PostgreSQL's "Key (ssn)=(…)
// already exists.", MariaDB's "Duplicate entry '…'") and keeps no
// driver's error, whose fields may hold them; its Class, Code and
// Constraint stay. A value of fewer than 4 bytes cannot be replaced
// without garbling the message, which is then withheld whole where it
// holds one.
//
// CheckoutHook reports the connection use the engine controls, whatever
// the Source: a checkout when a statement outside a transaction, or a
// transaction, is handed to the Source, and a checkin when Exec returns,
// a query's rows are closed, or the transaction commits or rolls back. It
// shows how long connections are held (CheckoutEvent.Held), not which
// physical connection the Source picked; ConnectHook reports new physical
// connections where the Source tells.
//
// # Read replicas
//
// WithReplicas gives an engine read replicas besides its Source, the
// primary:
//
//	r1, err := pgdialect.OpenSource(ctx, "host=replica1 ...")
//	e, err := pgdialect.Open(ctx, "host=db1,db2 target_session_attrs=read-write ...",
//		engine.WithReplicas(r1),
//		engine.WithReplicaPolicy(engine.LeastBusy),
//		engine.WithHealthCheck(engine.HealthCheck{Interval: time.Second, MaxLag: 5 * time.Second}))
//
// Routing lives in the engine, not in a routing Source, because only the
// engine sees the statement before it is SQL text: a SELECT it compiles,
// without FOR UPDATE or FOR SHARE, outside a transaction, is a read and
// goes to a replica; Exec, other statements, transactions and constant
// SQL (expr.Text, which could write) go to the primary, unless
// OnReplica or OnPrimary says otherwise for a call. So every user of an
// *Engine — the generic helpers, mapper, unitofwork's Session — is routed
// without changing, and an engine without replicas pays one nil check.
//
// A health checker (HealthCheck) takes a replica that fails, or lags
// more than a bound, out of the rotation and puts it back when it
// recovers; a read a replica fails with a broken connection runs again
// on the primary. Engine.Replicas reports their state.
//
// Read-your-writes: statements run under a context with a WriteMark
// (WithWriteMark) record on it that they wrote, and later reads with the
// same mark see those writes. unitofwork's Session keeps one. By default
// (WaitForReplica) such a read waits, briefly and bounded, for a replica
// that has replayed the primary's position after the write — the
// dialect reads the positions (Replication; pgdialect's compares WAL
// LSNs) — and runs on the primary when none has in time; StickToPrimary
// sends a session's reads after its first write to the primary instead.
// The engine declares Replication and the dialect modules implement it,
// so the engine knows no database's SQL.
//
// Failover of the primary is the Source's: a pgx pool whose DSN lists
// several hosts with target_session_attrs=read-write connects to
// whichever accepts writes. Statements on connections to the old primary
// fail with ErrConnectionLost; RunInTx runs such a transaction again when
// the connection broke before COMMIT, and reports one that broke during
// COMMIT (CommitUnknown), which may have committed, without retrying it.
//
// # Schema
//
// CreateAll and DropAll create and drop a MetaData's tables in
// foreign-key order, idempotently.
package engine
