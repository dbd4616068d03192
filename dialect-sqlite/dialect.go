package sqlitedialect

import (
	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// Dialect is SQLite's (3.35+) SQL flavour. The zero value is ready to use.
type Dialect struct{}

var _ compile.Dialect = Dialect{}

// New returns the SQLite dialect.
func New() Dialect { return Dialect{} }

// Name returns "sqlite".
func (Dialect) Name() string { return "sqlite" }

const features = compile.ReturningInsert | compile.ReturningUpdate | compile.ReturningDelete |
	compile.OnConflict | compile.NullsOrdering | compile.FullJoin | compile.RightJoin |
	compile.IntersectExcept | compile.UpdateFrom | compile.AggregateFilter |
	compile.CreateIndexIfNotExists | compile.DropIndexIfExists | compile.InlineAutoIncrementPK |
	compile.EnumCheck | compile.LengthFunc | compile.OffsetNeedsLimit | compile.CTEInDML |
	compile.UnqualifiedReturning | compile.UpsertSelectNeedsWhere | compile.ExtractStrftime

// Features reports SQLite's features.
func (Dialect) Features() compile.Feature { return features }

// MaxParams is SQLITE_MAX_VARIABLE_NUMBER's default since 3.32.
func (Dialect) MaxParams() int { return 32766 }

// AppendPlaceholder appends "?".
func (Dialect) AppendPlaceholder(dst []byte, _ int) []byte { return append(dst, '?') }

var identRules = compile.IdentRules{MaxBytes: 1024}

// AppendIdent appends a double-quoted identifier.
func (Dialect) AppendIdent(dst []byte, name string) ([]byte, error) {
	if err := compile.CheckIdent("sqlite", name, identRules); err != nil {
		return dst, err
	}
	return compile.AppendQuoted(dst, name, '"'), nil
}

// AppendType appends SQLite's name for t, chosen so that the column gets
// the right affinity and the driver (mattn/go-sqlite3) returns times for
// DATE and TIMESTAMP columns.
func (Dialect) AppendType(dst []byte, t expr.Type, use compile.TypeUse) ([]byte, error) {
	if use == compile.TypeCast {
		switch t.Kind {
		case expr.KindSmallInt, expr.KindInteger, expr.KindBigInt, expr.KindBoolean:
			return append(dst, "INTEGER"...), nil
		case expr.KindFloat, expr.KindDouble:
			return append(dst, "REAL"...), nil
		case expr.KindNumeric:
			return append(dst, "NUMERIC"...), nil
		case expr.KindBytes:
			return append(dst, "BLOB"...), nil
		case expr.Unknown:
			return dst, compile.UnknownType("sqlite", t)
		}
		return append(dst, "TEXT"...), nil
	}
	if use == compile.TypeAutoIncrement {
		switch t.Kind {
		case expr.KindSmallInt, expr.KindInteger, expr.KindBigInt:
			// Only INTEGER PRIMARY KEY aliases the rowid.
			return append(dst, "INTEGER"...), nil
		}
		return dst, &compile.UnsupportedError{Dialect: "sqlite", Feature: "auto-increment on " + t.Kind.String()}
	}
	switch t.Kind {
	case expr.KindSmallInt:
		dst = append(dst, "SMALLINT"...)
	case expr.KindInteger:
		dst = append(dst, "INTEGER"...)
	case expr.KindBigInt:
		dst = append(dst, "BIGINT"...)
	case expr.KindFloat, expr.KindDouble:
		dst = append(dst, "REAL"...)
	case expr.KindNumeric:
		dst = compile.AppendNumeric(append(dst, "NUMERIC"...), t)
	case expr.KindText, expr.KindEnum, expr.KindJSON, expr.KindUUID, expr.KindTime:
		dst = append(dst, "TEXT"...)
	case expr.KindVarchar:
		dst = compile.AppendLength(append(dst, "VARCHAR"...), t.Length)
	case expr.KindBoolean:
		dst = append(dst, "BOOLEAN"...)
	case expr.KindDate:
		dst = append(dst, "DATE"...)
	case expr.KindTimestamp, expr.KindTimestampTZ:
		dst = append(dst, "TIMESTAMP"...)
	case expr.KindBytes:
		dst = append(dst, "BLOB"...)
	default:
		return dst, compile.UnknownType("sqlite", t)
	}
	return dst, nil
}
