package enginetest

import "database/sql"

func sqlNamed(name string, v any) sql.NamedArg { return sql.Named(name, v) }
