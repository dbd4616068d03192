// Package mapper maps Go structs to tables and rows to Go values.
//
// A struct type describes a table through `db` struct tags. Map builds the
// table in a MetaData, so a mapped model is an *expr.Table that statements
// use directly, and everything the tags name — columns, foreign keys,
// indexes, relationship keys — is checked when the mapping is built: a
// typo stops the program at start-up, not at the first query.
//
//	type User struct {
//		ID      int64   `db:"id,pk,autoincrement"`
//		Email   string  `db:"email,type=varchar(200),unique"`
//		Name    *string `db:"name"`          // pointer: nullable
//		OrgID   int64   `db:"org_id,references=orgs.id,ondelete=cascade,index"`
//		Prefs   Prefs   `db:"prefs,json"`     // encoding/json in a JSON column
//		Version int64   `db:"version,version"` // optimistic locking
//		Audit           `db:",prefix=audit_"` // embedded: columns flattened
//		Org     *Org    `rel:""`              // many-to-one, key inferred
//	}
//
//	reg := mapper.NewRegistry(meta)
//	Users := mapper.MustMap[User](reg, "users")
//	q := Users.Select().Where(Users.C("email").Eq(email))
//
// # Tags
//
// The tag is `db:"name,option,option=value,..."`. An empty name is the
// field's name in snake_case ("OrgID" -> "org_id"); "-" skips the field.
// Options: pk, autoincrement, notnull, nullable, unique[=name],
// index[=name] (an unnamed index is expr.Indexed, called ix_table_column;
// fields that share a name form one multi-column index or constraint;
// engine's CreateAll creates them all, as Table.AllIndexes lists them), references=table.column, ondelete= and onupdate= (cascade,
// restrict, setnull, setdefault, noaction), version, readonly (never
// written), insertonly (never updated), serverdefault (the database fills
// the column when INSERT leaves it out), json, nullzero (the zero value is
// stored as NULL and NULL reads as the zero value), sensitive (the
// column's values never show in the engine's hook events, logs and error
// text: expr.Sensitive), type=sqltype, and for struct fields embed and
// prefix=. A field of type Sensitive[T] is sensitive too, and prints
// redacted wherever the struct is printed, logged or encoded.
//
// The SQL type is inferred from the Go type (int64 -> BIGINT, string ->
// TEXT, time.Time -> TIMESTAMPTZ, []byte -> BYTES, sql.NullString -> TEXT,
// ...), set with type= (varchar(n), numeric(p,s), uuid, date, ...), or
// given by the field's type itself through a method SQLType() expr.Type —
// the way to map enums (expr.Enum) and user-defined types (expr.Decorate),
// whose ResultValue the scanner applies. Non-pointer fields are NOT NULL;
// pointers, sql.NullXxx and []byte are nullable. SQL text such as a
// server default's expression never comes from a tag: pass it as an
// expr.ColumnOption with ColumnOptions, where it must be a constant.
//
// # Scanning
//
// One, All, Append and Into read rows from anything with Next, Scan and Err
// — *sql.Rows, pgx.Rows, the pool's rows — into a struct, a pointer to a
// struct, a map[string]any or a scalar. A scan plan is built once per Go
// type and result column list and reused by every later query, from any
// goroutine; per row the plan hands the driver pointers computed from
// field offsets, with no lookup by name and no reflection for plain fields.
// A result column with no field is an error (*UnknownColumnError) unless
// the caller passes IgnoreUnknownColumns; NULL in a column whose field
// cannot hold it is a *NullError naming the column.
//
// Row reads the current row only, for callers that own the iteration: it
// is the engine's scan function, engine.All(ctx, e, q, mapper.Row[User]),
// and keeps its plan in the rows' ScanState slot for the whole result.
//
// # Writing
//
// Mapping.Insert and Mapping.Update build INSERT and UPDATE statements
// from struct values, and Mapping.Values extracts the values of chosen
// columns, all through the field accessors of the mapping.
//
// Mapping.InsertBatch and Mapping.UpdateBatch are writes that something
// running statements drives (engine.RunBatch; the mapper imports no
// engine): the first inserts many structs, split under the database's
// parameter limit in one transaction, and reads generated keys and server
// defaults back into every struct; the second updates one row, bumps its
// version and returns ErrStale when the row changed since it was read.
// IntoEach and Mapping.Updated are the same steps for callers that run
// the statements themselves.
//
// # Relationships
//
// A field tagged `rel` is a relationship: a pointer or struct field is
// many-to-one, a slice is one-to-many, and a slice with through=table is
// many-to-many through an association table. The foreign key is inferred
// when exactly one connects the two tables and named with fk= (and
// targetfk= on the association table) otherwise. On a one-to-many
// relationship, cascade=delete deletes the children with their parent,
// cascade=delete-orphan also deletes a child removed from the loaded
// collection, and passivedeletes leaves unloaded children to the
// database's ON DELETE action. On a many-to-one, postupdate breaks a cycle
// of foreign keys: the row is inserted with the key NULL and the key set
// by an UPDATE afterwards. On any kind, lazy=raise makes the relationship
// strict: the unit of work reports it unloaded rather than load it for
// one object at a time (lazy=select, the default, loads it). Each option
// is given at most once. Registry.Resolve checks them all once every
// model is mapped; the unit of work uses them for flush order, cascades
// and loading.
package mapper
