package mapper

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/sqlforge/sqlforge/expr"
)

// tagOptions is a parsed `db` tag.
type tagOptions struct {
	name          string
	pk            bool
	autoIncrement bool
	notNull       bool
	nullable      bool
	unique        bool
	uniqueName    string
	index         bool
	indexName     string
	references    string
	onDelete      expr.Action
	onUpdate      expr.Action
	version       bool
	softDelete    bool
	deferred      bool
	readOnly      bool
	insertOnly    bool
	serverDefault bool
	json          bool
	nullZero      bool
	sensitive     bool
	sqlType       *expr.Type
	embed         bool
	prefix        string
	hasPrefix     bool
}

// parseTag parses `db:"name,opt,opt=value"`. The error is a reason for a
// MappingError.
func parseTag(tag string) (tagOptions, string) {
	var o tagOptions
	parts := splitTag(tag)
	o.name = strings.TrimSpace(parts[0])
	for _, p := range parts[1:] {
		p = strings.TrimSpace(p)
		key, val, hasVal := strings.Cut(p, "=")
		noValue := func() string {
			if hasVal {
				return "tag option " + strconv.Quote(key) + " takes no value"
			}
			return ""
		}
		needValue := func() string {
			if !hasVal || val == "" {
				return "tag option " + strconv.Quote(key) + " needs a value"
			}
			return ""
		}
		var bad string
		switch key {
		case "":
			continue
		case "pk":
			o.pk, bad = true, noValue()
		case "autoincrement", "identity":
			o.autoIncrement, bad = true, noValue()
		case "notnull":
			o.notNull, bad = true, noValue()
		case "nullable":
			o.nullable, bad = true, noValue()
		case "unique":
			o.unique, o.uniqueName = true, val
		case "index":
			o.index, o.indexName = true, val
		case "references":
			o.references, bad = val, needValue()
		case "ondelete", "onupdate":
			if bad = needValue(); bad == "" {
				a, ok := parseAction(val)
				if !ok {
					bad = "unknown referential action " + strconv.Quote(val)
				} else if key == "ondelete" {
					o.onDelete = a
				} else {
					o.onUpdate = a
				}
			}
		case "version":
			o.version, bad = true, noValue()
		case "softdelete":
			o.softDelete, bad = true, noValue()
		case "deferred":
			o.deferred, bad = true, noValue()
		case "readonly":
			o.readOnly, bad = true, noValue()
		case "insertonly":
			o.insertOnly, bad = true, noValue()
		case "serverdefault":
			o.serverDefault, bad = true, noValue()
		case "json":
			o.json, bad = true, noValue()
		case "nullzero":
			o.nullZero, bad = true, noValue()
		case "sensitive":
			o.sensitive, bad = true, noValue()
		case "embed":
			o.embed, bad = true, noValue()
		case "prefix":
			o.prefix, o.hasPrefix = val, true
		case "type":
			if bad = needValue(); bad == "" {
				t, ok := parseSQLType(val)
				if !ok {
					bad = "unknown SQL type " + strconv.Quote(val)
				}
				o.sqlType = &t
			}
		default:
			bad = "unknown tag option " + strconv.Quote(key)
		}
		if bad != "" {
			return o, bad
		}
	}
	switch {
	case o.readOnly && o.insertOnly:
		return o, "readonly and insertonly exclude each other"
	case o.pk && o.nullable:
		return o, "a primary key column cannot be nullable"
	case o.notNull && o.nullable:
		return o, "notnull and nullable exclude each other"
	case (o.onDelete != expr.NoAction || o.onUpdate != expr.NoAction) && o.references == "":
		return o, "ondelete and onupdate need references="
	}
	return o, ""
}

// splitTag splits at commas outside parentheses, so that
// "type=numeric(10,2)" stays one option.
func splitTag(tag string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(tag); i++ {
		switch tag[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, tag[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, tag[start:])
}

func parseAction(s string) (expr.Action, bool) {
	switch strings.ToLower(s) {
	case "cascade":
		return expr.Cascade, true
	case "restrict":
		return expr.Restrict, true
	case "setnull":
		return expr.SetNull, true
	case "setdefault":
		return expr.SetDefault, true
	case "noaction":
		return expr.NoAction, true
	}
	return 0, false
}

// parseSQLType reads type= values: a portable type name, with a length
// for varchar/bytes and precision and scale for numeric.
func parseSQLType(s string) (expr.Type, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	name, args, hasArgs := strings.Cut(s, "(")
	var nums []int
	if hasArgs {
		inner, ok := strings.CutSuffix(args, ")")
		if !ok {
			return expr.Type{}, false
		}
		for _, f := range strings.Split(inner, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 0 {
				return expr.Type{}, false
			}
			nums = append(nums, n)
		}
	}
	simple := map[string]expr.Type{
		"smallint": expr.SmallInt, "integer": expr.Integer, "int": expr.Integer, "bigint": expr.BigInt,
		"float": expr.Float, "real": expr.Float, "double": expr.Double, "text": expr.String,
		"boolean": expr.Boolean, "bool": expr.Boolean, "date": expr.Date, "time": expr.Time,
		"timestamp": expr.Timestamp, "timestamptz": expr.TimestampTZ, "json": expr.JSON,
		"uuid": expr.UUID, "bytes": expr.Bytes,
	}
	switch {
	case name == "varchar" && len(nums) == 1:
		return expr.Varchar(nums[0]), true
	case name == "bytes" && len(nums) == 1:
		t := expr.Bytes
		t.Length = nums[0]
		return t, true
	case name == "numeric" && (len(nums) == 1 || len(nums) == 2):
		nums = append(nums, 0)
		return expr.Numeric(nums[0], nums[1]), true
	case !hasArgs:
		t, ok := simple[name]
		return t, ok
	}
	return expr.Type{}, false
}

// snakeCase turns a Go field name into a column name: "OrgID" -> "org_id",
// "HTTPServer" -> "http_server", "CreatedAt" -> "created_at".
func snakeCase(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) ||
				(i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
