// Package compile turns expr statements into SQL text and arguments for a
// dialect.
//
// A Dialect describes one database's flavour: placeholders, identifier
// quoting, type names and a set of Features. The dialect modules
// (pgdialect, mysqldialect, sqlitedialect) provide them. A Compiler binds a
// dialect to a cache of compiled statements:
//
//	c := compile.New(pgdialect.New())
//	sql, args, err := c.Compile(stmt, args[:0])
//	rows, err := db.QueryContext(ctx, sql, args...)
//
// The cache is keyed by a statement's shape — everything that decides its
// SQL text, and none of its values — so a statement built the same way on
// every request is rendered once; afterwards Compile only walks the tree to
// collect the arguments and allocates nothing. AppendSQL renders into a
// caller's buffer without the cache.
//
// Compilation fails with typed errors rather than emitting SQL the database
// would reject: *UnsupportedError (ErrUnsupported) for a feature the
// dialect lacks, *InvalidError (ErrInvalid, ErrNoWhere) for a malformed
// statement, *IdentifierError (ErrIdentifier) for a name the database
// cannot represent, *MissingParamError and *LimitError.
package compile
