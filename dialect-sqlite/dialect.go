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
	compile.UnqualifiedReturning | compile.UpsertSelectNeedsWhere | compile.ExtractStrftime |
	compile.ValuesFrom | compile.ValuesNumberedColumns

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
		dst = appendNumeric(dst, t)
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

// exactDigits is how many significant digits a float64 gives back exactly:
// any decimal of at most 15 digits is the shortest decimal of the float64
// nearest to it.
const exactDigits = 15

// appendNumeric declares a NUMERIC column. SQLite has no exact decimal: a
// column of NUMERIC affinity turns every value into an INTEGER or a REAL,
// which keeps 15 significant digits. Up to precision 15 that loses
// nothing the column can hold, and values compare and sort as numbers, so
// such a column is NUMERIC(p,s). A wider or unbounded NUMERIC would round
// (12345678901234567890.123456789 came back as 1.2345678901234567e19),
// so it is DECIMAL_TEXT(p,s), of TEXT affinity: every digit is kept as
// bound (expr.Decimal binds its canonical text), but SQL compares and
// sorts such a column as text, and arithmetic on it is floating point.
func appendNumeric(dst []byte, t expr.Type) []byte {
	if t.Precision >= 1 && t.Precision <= exactDigits {
		return compile.AppendNumeric(append(dst, "NUMERIC"...), t)
	}
	return compile.AppendNumeric(append(dst, "DECIMAL_TEXT"...), t)
}
