package mysqldialect

import (
	"strings"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// Dialect is the MySQL 8 or MariaDB 10.5+ SQL flavour. The two differ in
// RETURNING (MariaDB has it for INSERT and DELETE), LATERAL and FOR UPDATE
// OF (MySQL only), shared locks (LOCK IN SHARE MODE on MariaDB) and the
// IF [NOT] EXISTS forms of CREATE/DROP INDEX (MariaDB only).
type Dialect struct {
	mariaDB bool
}

var _ compile.Dialect = Dialect{}

// New returns the MySQL 8 dialect.
func New() Dialect { return Dialect{} }

// NewMariaDB returns the MariaDB 10.5+ dialect.
func NewMariaDB() Dialect { return Dialect{mariaDB: true} }

// Name returns "mysql" or "mariadb".
func (d Dialect) Name() string {
	if d.mariaDB {
		return "mariadb"
	}
	return "mysql"
}

// IsMariaDB reports whether this is the MariaDB flavour.
func (d Dialect) IsMariaDB() bool { return d.mariaDB }

const common = compile.OnDuplicateKey | compile.RightJoin | compile.Locking |
	compile.SkipLocked | compile.Nowait | compile.IntersectExcept | compile.SetOpAll |
	compile.ParenSetOperands | compile.QuantifiedSubquery | compile.ConcatFunc |
	compile.UpdateMultiTable | compile.DeleteMultiTable | compile.DropIndexOnTable | compile.EnumCheck |
	compile.OffsetNeedsLimit | compile.ValuesForExcluded | compile.DefaultValuesEmptyList | compile.HashComment |
	compile.NullSafeEqual | compile.ExtractMySQL | compile.ValuesFrom | compile.ValuesAsUnion

// Features reports the flavour's features.
func (d Dialect) Features() compile.Feature {
	if d.mariaDB {
		return common | compile.ReturningInsert | compile.ReturningDelete | compile.LockInShareMode |
			compile.CreateIndexIfNotExists | compile.DropIndexIfExists | compile.UnqualifiedReturning |
			compile.FrameOffsetLiteral
	}
	return common | compile.Lateral | compile.LockOf
}

// MaxParams is the protocol's limit of 65,535 placeholders.
func (Dialect) MaxParams() int { return 65535 }

// AppendPlaceholder appends "?".
func (Dialect) AppendPlaceholder(dst []byte, _ int) []byte { return append(dst, '?') }

// identRules: at most 64 characters from the Basic Multilingual Plane, not
// ending with a space.
var identRules = compile.IdentRules{MaxRunes: 64, NoTrailingSpace: true, BMPOnly: true}

// AppendIdent appends a backquoted identifier.
func (d Dialect) AppendIdent(dst []byte, name string) ([]byte, error) {
	if err := compile.CheckIdent(d.Name(), name, identRules); err != nil {
		return dst, err
	}
	return compile.AppendQuoted(dst, name, '`'), nil
}

// AppendType appends MySQL's name for t. Timestamps are DATETIME(6) (with
// or without time zone: MySQL stores no zone; drivers should use UTC).
func (d Dialect) AppendType(dst []byte, t expr.Type, use compile.TypeUse) ([]byte, error) {
	if use == compile.TypeCast {
		return d.castType(dst, t)
	}
	switch t.Kind {
	case expr.KindSmallInt:
		dst = append(dst, "SMALLINT"...)
	case expr.KindInteger:
		dst = append(dst, "INT"...)
	case expr.KindBigInt:
		dst = append(dst, "BIGINT"...)
	case expr.KindFloat:
		dst = append(dst, "FLOAT"...)
	case expr.KindDouble:
		dst = append(dst, "DOUBLE"...)
	case expr.KindNumeric:
		dst = compile.AppendNumeric(append(dst, "DECIMAL"...), t)
	case expr.KindText:
		dst = append(dst, "LONGTEXT"...)
	case expr.KindVarchar:
		dst = compile.AppendLength(append(dst, "VARCHAR"...), t.Length)
	case expr.KindBoolean:
		dst = append(dst, "BOOLEAN"...)
	case expr.KindDate:
		dst = append(dst, "DATE"...)
	case expr.KindTime:
		dst = append(dst, "TIME(6)"...)
	case expr.KindTimestamp, expr.KindTimestampTZ:
		dst = append(dst, "DATETIME(6)"...)
	case expr.KindBytes:
		if t.Length > 0 {
			dst = compile.AppendLength(append(dst, "VARBINARY"...), t.Length)
		} else {
			dst = append(dst, "LONGBLOB"...)
		}
	case expr.KindJSON:
		dst = append(dst, "JSON"...)
	case expr.KindUUID:
		dst = append(dst, "CHAR(36)"...)
	case expr.KindEnum:
		// Not a native ENUM, which sorts by declaration order: a string
		// with a CHECK (EnumCheck) and a binary collation compares and
		// sorts labels by their bytes, as PostgreSQL and SQLite do. 63 is
		// the longest label compile.ValidEnumLabel allows.
		dst = append(dst, "VARCHAR(63) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"...)
	default:
		return dst, compile.UnknownType(d.Name(), t)
	}
	if use == compile.TypeAutoIncrement {
		switch t.Kind {
		case expr.KindSmallInt, expr.KindInteger, expr.KindBigInt:
			dst = append(dst, " AUTO_INCREMENT"...)
		default:
			return dst, &compile.UnsupportedError{Dialect: d.Name(), Feature: "auto-increment on " + t.Kind.String()}
		}
	}
	return dst, nil
}

// castType appends the CAST target for t: MySQL casts to a few types only.
func (d Dialect) castType(dst []byte, t expr.Type) ([]byte, error) {
	switch t.Kind {
	case expr.KindSmallInt, expr.KindInteger, expr.KindBigInt, expr.KindBoolean:
		return append(dst, "SIGNED"...), nil
	case expr.KindFloat:
		return append(dst, "FLOAT"...), nil
	case expr.KindDouble:
		return append(dst, "DOUBLE"...), nil
	case expr.KindNumeric:
		return compile.AppendNumeric(append(dst, "DECIMAL"...), t), nil
	case expr.KindText, expr.KindEnum, expr.KindUUID:
		return append(dst, "CHAR"...), nil
	case expr.KindVarchar:
		return compile.AppendLength(append(dst, "CHAR"...), t.Length), nil
	case expr.KindDate:
		return append(dst, "DATE"...), nil
	case expr.KindTime:
		return append(dst, "TIME(6)"...), nil
	case expr.KindTimestamp, expr.KindTimestampTZ:
		return append(dst, "DATETIME(6)"...), nil
	case expr.KindBytes:
		return append(dst, "BINARY"...), nil
	case expr.KindJSON:
		if d.mariaDB {
			return append(dst, "CHAR"...), nil
		}
		return append(dst, "JSON"...), nil
	}
	return dst, compile.UnknownType(d.Name(), t)
}

// ForVersion returns the flavour for a server's VERSION() string: MariaDB
// when it names MariaDB, MySQL 8 otherwise.
func ForVersion(version string) Dialect {
	return Dialect{mariaDB: strings.Contains(strings.ToLower(version), "mariadb")}
}
