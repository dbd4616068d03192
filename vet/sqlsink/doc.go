// Package sqlsink defines an analyzer that reports SQL text built at run
// time from non-constant text reaching a function that takes SQL, in any
// Go program: the injection checker for the code around sqlforge, where
// its constant-only API (guarded by the unsaferaw analyzer) does not
// reach.
//
// # Sinks
//
// The SQL argument (the last string parameter before the bound
// arguments) of:
//
//   - database/sql's *DB, *Tx and *Conn: Query, QueryContext, QueryRow,
//     QueryRowContext, Exec, ExecContext, Prepare, PrepareContext;
//   - the same methods of sqlforge's pool/sqlpool DB, Tx and Conn (also
//     reached as pool.DB, pool.Tx, pool.Conn);
//   - pgx v5: *pgx.Conn, the pgx.Tx interface, *pgxpool.Pool,
//     *pgxpool.Conn and pgxpool.Tx: Query, QueryRow, Exec, Prepare;
//     (*pgx.Batch).Queue, whose text SendBatch sends; *pgconn.PgConn's
//     Exec, ExecParams and Prepare;
//   - any other method with database/sql's name and shape: Query, Exec,
//     QueryRow (and their Context forms) taking an optional
//     context.Context, a string and variadic arguments, Prepare and
//     PrepareContext taking an optional context and one or two strings.
//     An interface such as sqlc's DBTX, or another library's DB type,
//     is then a sink too;
//   - a function or method that passes one of its parameters, as it is,
//     to a sink (a wrapper), in this package or, through a fact, another;
//   - expr.UnsafeRawSQL, sqlforge's escape hatch, only to learn wrappers:
//     the unsaferaw analyzer reports every call of it that is not a
//     constant, so this one never reports the same call.
//
// # What is reported
//
// The analyzer follows the SQL argument back within the function (SSA:
// local variables, branches and loops, closures' captured variables),
// and into the functions it calls through their summaries. A value is:
//
//   - safe when made of constants only: a literal, a const, a
//     concatenation or fmt.Sprintf of constants, a query chosen from
//     constants by a switch, a strings.Builder written with constants;
//   - opaque when it comes from elsewhere and is passed on as it is: a
//     parameter, a struct field, a package variable, a map element, an
//     unknown function's result. Not reported: this is how SQL built
//     safely elsewhere (a query builder's output, sqlforge's compiled
//     statements) travels, and reporting it would drown the real cases.
//     A function that passes a parameter to a sink becomes a sink itself,
//     so its callers are checked instead;
//   - built when text that is not a constant is concatenated into it,
//     formatted into it (fmt.Sprintf, Sprint, Fprintf into a builder),
//     written into a strings.Builder or bytes.Buffer after other text,
//     appended to a []byte (then converted to string), joined
//     (strings.Join of elements that are not all constants), or replaced
//     into it (strings.Replace, ReplaceAll, a strings.Replacer made with
//     such text). Reported where it reaches a sink, naming the step that
//     built it. A parameter concatenated into SQL is built: the function
//     that does it is reported, whoever its callers are.
//
// A helper in the same package or another that returns built text makes
// its calls built: always, when it builds from something other than its
// parameters (os.Getenv), or when a caller passes a value that is not a
// constant to a parameter it builds from, so a helper called with
// constants (orderBy("id")) is fine.
//
// Integers are fine: an operand of an integer type printed by
// fmt.Sprintf's %d, %b, %o, %x or %v (when its type has no String,
// Error or Format method to change the text), strconv.Itoa, FormatInt
// and hex.EncodeToString spell only digits and a sign, which cannot
// change a statement's structure, and numbering placeholders ("$" +
// strconv.Itoa(i)) is common and safe. Except right after a '-': a
// negative number there makes "--", which starts a comment that hides
// the rest of the line ("a = -%d AND owner = ?"), so that is reported.
// Values are still better bound: sqlforge binds LIMIT and OFFSET too.
//
// Quoted identifiers are safe: pgx.Identifier.Sanitize, lib/pq's
// QuoteIdentifier, sqlforge's compile.AppendQuoted and a dialect's
// AppendIdent. An application's own quoting or validating function is
// trusted when its return statement carries a "sqlforgevet:reviewed"
// comment; the same comment on a sink call's line or the line above, or
// on the line that builds the text, accepts that one case.
//
// Test files are analyzed like any other: their SQL runs on real
// servers too.
//
// # Limits
//
// Text written into a builder by a function it is passed to, stored in a
// struct field or package variable and read elsewhere, or built by a
// function called through an interface or a function value, is opaque:
// not followed. Standard library functions other than those above (fmt,
// strings, bytes, strconv, encoding/hex) are taken as opaque.
package sqlsink
