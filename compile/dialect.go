package compile

import "github.com/sqlforge/sqlforge/expr"

// Dialect is what the compiler needs to know about a database's SQL
// flavour. The dialect modules (pgdialect, mysqldialect, sqlitedialect)
// implement it; everything else the compiler decides from Features.
type Dialect interface {
	// Name identifies the dialect in errors ("postgres", "mysql", "mariadb", "sqlite").
	Name() string
	// Features reports what the flavour supports; see Feature.
	Features() Feature
	// AppendPlaceholder appends the placeholder of the position-th
	// parameter (1-based): "$3" or "?".
	AppendPlaceholder(dst []byte, position int) []byte
	// AppendIdent appends name quoted as an identifier, or returns an
	// *IdentifierError when the database cannot represent it (NUL bytes,
	// invalid UTF-8, over its length limit, ...).
	AppendIdent(dst []byte, name string) ([]byte, error)
	// AppendType appends the SQL spelling of t for DDL or for CAST. The
	// spelling may depend on t's Kind, Length, Precision, Scale, EnumName
	// and EnumValues and on use, which are what the compiler's cache
	// records of a type; not on t.User.
	AppendType(dst []byte, t expr.Type, use TypeUse) ([]byte, error)
	// MaxParams is the most bound parameters one statement may have.
	MaxParams() int
}

// TypeUse says where a type is written.
type TypeUse uint8

// Type uses.
const (
	TypeColumn        TypeUse = iota // a column in CREATE TABLE
	TypeAutoIncrement                // an auto-increment column in CREATE TABLE
	TypeCast                         // the target of CAST
)

// Feature is a bit set of SQL features a dialect has.
type Feature uint64

// Features. A statement that needs a feature its dialect lacks fails to
// compile with an *UnsupportedError; the compiler never emits SQL the
// database would reject for that reason.
const (
	ReturningInsert        Feature = 1 << iota // INSERT ... RETURNING
	ReturningUpdate                            // UPDATE ... RETURNING
	ReturningDelete                            // DELETE ... RETURNING
	OnConflict                                 // INSERT ... ON CONFLICT
	OnDuplicateKey                             // INSERT ... ON DUPLICATE KEY UPDATE
	DistinctOn                                 // SELECT DISTINCT ON
	NullsOrdering                              // ORDER BY ... NULLS FIRST/LAST (else emulated)
	ILike                                      // ILIKE (else LOWER(x) LIKE LOWER(y))
	FullJoin                                   // FULL OUTER JOIN
	RightJoin                                  // RIGHT OUTER JOIN
	Lateral                                    // LATERAL derived tables
	Locking                                    // FOR UPDATE / FOR SHARE
	LockInShareMode                            // shared locks are LOCK IN SHARE MODE (MariaDB)
	LockOf                                     // FOR UPDATE OF tables
	SkipLocked                                 // SKIP LOCKED
	Nowait                                     // NOWAIT
	IntersectExcept                            // INTERSECT and EXCEPT
	SetOpAll                                   // INTERSECT ALL and EXCEPT ALL
	ParenSetOperands                           // parenthesized members of UNION etc.
	ArrayBind                                  // IN lists bound as one array: x = ANY($1)
	QuantifiedSubquery                         // x > ANY (subquery)
	ConcatFunc                                 // CONCAT(a, b) rather than a || b
	UpdateFrom                                 // UPDATE ... FROM
	UpdateMultiTable                           // UPDATE a, b SET ... (MySQL)
	DeleteUsing                                // DELETE ... USING
	DeleteMultiTable                           // DELETE a FROM a, b (MySQL)
	AggregateFilter                            // aggregate FILTER (WHERE ...)
	CreateIndexIfNotExists                     // CREATE INDEX IF NOT EXISTS
	DropIndexOnTable                           // DROP INDEX name ON table (MySQL)
	DropIndexIfExists                          // DROP INDEX IF EXISTS
	InlineAutoIncrementPK                      // INTEGER PRIMARY KEY AUTOINCREMENT (SQLite)
	EnumCheck                                  // enums are TEXT + CHECK (else native ENUM from AppendType)
	LengthFunc                                 // character length is length() rather than char_length()
	OffsetNeedsLimit                           // OFFSET requires LIMIT (MySQL, SQLite)
	CTEInDML                                   // WITH before INSERT/UPDATE/DELETE
	ValuesForExcluded                          // upsert refers to the proposed row as VALUES(col)
	DefaultValuesEmptyList                     // INSERT INTO t () VALUES () instead of DEFAULT VALUES
	UnqualifiedReturning                       // RETURNING columns must not be table-qualified
	FrameOffsetLiteral                         // window frame offsets cannot be parameters (MariaDB)
	HashComment                                // "#" starts a comment (MySQL), so a Text must not use it
	NullSafeEqual                              // IS [NOT] DISTINCT FROM is spelt with <=> (MySQL)
	CastBinds                                  // a bound value standing alone gets a cast from its Go type (PostgreSQL cannot infer it)
	UpsertSelectNeedsWhere                     // INSERT ... SELECT ... ON CONFLICT needs a WHERE in the SELECT (SQLite's parser)
	ExtractMySQL                               // EXTRACT returns integers and has no DOW or EPOCH: DAYOFWEEK() and TIMESTAMPDIFF instead (MySQL)
	ExtractStrftime                            // no EXTRACT: date parts come from strftime (SQLite)
	InsertArrays                               // INSERT ... SELECT * FROM unnest(array parameters): ValuesArrays (PostgreSQL)
	ValuesFrom                                 // a VALUES list (expr.Values) in FROM, in a SELECT, an UPDATE's From and a DELETE's Using (see UpdateFromValues)
	ValuesNumberedColumns                      // VALUES names its columns column1, column2..., and a derived table takes no column list (SQLite)
	ValuesAsUnion                              // a VALUES list is written SELECT ... UNION ALL SELECT ... (MySQL, MariaDB: see compile/values.go)
)

// UpdateFromValues is what an UPDATE that joins a VALUES list needs: an
// UpdateStmt whose From has an expr.Values, the form that updates many
// rows in one statement, each to values of its own:
//
//	UPDATE "t" SET "score" = "v"."score" FROM (VALUES ...) AS "v" ("id", "score") WHERE "t"."id" = "v"."id"
//
// Test for it with Features().Has(UpdateFromValues): PostgreSQL and
// SQLite have it. MySQL and MariaDB compile the same statement as a
// multi-table UPDATE (UPDATE t, (...) AS v SET t.score = v.score WHERE
// ...; ValuesFrom|UpdateMultiTable), where RowsAffected counts the
// matched rows only with clientFoundRows (which mysqldialect.Open sets)
// and there is no RETURNING.
const UpdateFromValues = ValuesFrom | UpdateFrom

// Has reports whether f includes all of g.
func (f Feature) Has(g Feature) bool { return f&g == g }
