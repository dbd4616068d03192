package mapper

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/sqlforge/sqlforge/expr"
)

// SQLTyper is implemented by Go types that know their column type: enums
// (expr.Enum) and user-defined types (expr.Decorate). A field of such a
// type, or a pointer to one, gets that column type without a type= tag;
// for a decorated type the scanner passes every value read through the
// UserType's ResultValue, and the compiler passes values written through
// BindValue.
type SQLTyper interface {
	SQLType() expr.Type
}

// fieldKind says how a field is scanned and written.
type fieldKind uint8

const (
	kindDirect   fieldKind = iota // the driver scans into a pointer to the field
	kindJSON                      // encoding/json through a helper
	kindUser                      // expr.UserType ResultValue through a helper
	kindNullZero                  // NULL <-> zero value through a helper
)

// field is one mapped column of a struct type. Fields are built once per
// Go type and never change afterwards.
type field struct {
	column   string
	path     string       // Go path, "Audit.CreatedAt"
	offset   uintptr      // from the start of the outermost struct
	typ      reflect.Type // the field's Go type
	elem     reflect.Type // typ, or typ.Elem() for a pointer field
	pointer  bool         // typ is a pointer (NULL is nil)
	kind     fieldKind
	ptrWord  unsafe.Pointer // interface type word of *typ
	sqlType  expr.Type
	nullable bool // the field can hold NULL
	user     expr.UserType
	valuerAt bool // only *typ implements driver.Valuer
	scanner  bool // *typ implements sql.Scanner: it decides what NULL means
	opts     tagOptions
	// nullValuer: a driver.Valuer of the program's own tagged nullable (a
	// NullUUID-like type); its Value, not its Go type, says it holds NULL.
	nullValuer bool
}

// relField is a field tagged `rel`, resolved later by the Registry.
type relField struct {
	path   string
	index  []int
	typ    reflect.Type
	tag    string
	offset uintptr
}

// typeInfo is what a struct type's tags say, built once per type.
type typeInfo struct {
	typ      reflect.Type
	fields   []*field
	byColumn map[string]*field
	rels     []*relField
}

var (
	typeInfos sync.Map // reflect.Type -> *typeInfoEntry

	timeType    = reflect.TypeFor[time.Time]()
	bytesType   = reflect.TypeFor[[]byte]()
	scannerType = reflect.TypeFor[sql.Scanner]()
	valuerType  = reflect.TypeFor[driver.Valuer]()
	sqlTyperT   = reflect.TypeFor[SQLTyper]()
	jsonRawType = reflect.TypeFor[json.RawMessage]()
)

type typeInfoEntry struct {
	once sync.Once
	info *typeInfo
	err  error
}

// infoFor returns the analysis of struct type t, built at most once.
func infoFor(t reflect.Type) (*typeInfo, error) {
	e, ok := typeInfos.Load(t)
	if !ok {
		e, _ = typeInfos.LoadOrStore(t, &typeInfoEntry{})
	}
	ent := e.(*typeInfoEntry)
	ent.once.Do(func() { ent.info, ent.err = buildInfo(t) })
	return ent.info, ent.err
}

func buildInfo(t reflect.Type) (*typeInfo, error) {
	if t.Kind() != reflect.Struct {
		return nil, &MappingError{Type: t.String(), Reason: "not a struct type"}
	}
	ti := &typeInfo{typ: t, byColumn: map[string]*field{}}
	if err := ti.collect(t, nil, 0, "", ""); err != nil {
		return nil, err
	}
	return ti, nil
}

func (ti *typeInfo) fail(path, reason string) error {
	return &MappingError{Type: ti.typ.String(), Field: path, Reason: reason}
}

func (ti *typeInfo) collect(t reflect.Type, index []int, offset uintptr, prefix, pathPrefix string) error {
	for i := range t.NumField() {
		sf := t.Field(i)
		path := pathPrefix + sf.Name
		idx := append(index[:len(index):len(index)], i)
		if rel, ok := sf.Tag.Lookup("rel"); ok {
			if _, has := sf.Tag.Lookup("db"); has {
				return ti.fail(path, "a field cannot have both db and rel tags")
			}
			ti.rels = append(ti.rels, &relField{path: path, index: idx, typ: sf.Type, tag: rel, offset: offset + sf.Offset})
			continue
		}
		tag := sf.Tag.Get("db")
		if tag == "-" {
			continue
		}
		if !sf.IsExported() && !sf.Anonymous {
			continue
		}
		o, bad := parseTag(tag)
		if bad != "" {
			return ti.fail(path, bad)
		}
		ft := sf.Type
		if (sf.Anonymous || o.embed) && !o.json {
			if ft.Kind() == reflect.Pointer {
				return ti.fail(path, "embedded struct pointers are not supported; embed the struct value")
			}
			if ft.Kind() != reflect.Struct || isLeafStruct(ft) {
				if o.embed {
					return ti.fail(path, "embed needs a struct field")
				}
			} else {
				if o.name != "" {
					return ti.fail(path, "an embedded struct takes prefix=, not a column name")
				}
				p := prefix
				if o.hasPrefix {
					p += o.prefix
				}
				if err := ti.collect(ft, idx, offset+sf.Offset, p, path+"."); err != nil {
					return err
				}
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if o.hasPrefix {
			return ti.fail(path, "prefix= applies to embedded structs only")
		}
		if o.name == "" {
			o.name = snakeCase(sf.Name)
		}
		if prefix != "" && o.indexName != "" {
			o.indexName = prefix + o.indexName
		}
		if prefix != "" && o.uniqueName != "" {
			o.uniqueName = prefix + o.uniqueName
		}
		f := &field{column: prefix + o.name, path: path, offset: offset + sf.Offset, typ: ft, elem: ft, opts: o}
		if err := ti.classify(f); err != nil {
			return err
		}
		if _, dup := ti.byColumn[f.column]; dup {
			return ti.fail(path, "column "+quote(f.column)+" is mapped twice")
		}
		ti.byColumn[f.column] = f
		ti.fields = append(ti.fields, f)
	}
	return nil
}

// isLeafStruct reports struct types that are column values, not groups of
// columns: time.Time and anything the driver scans or values itself.
func isLeafStruct(t reflect.Type) bool {
	return t == timeType || reflect.PointerTo(t).Implements(scannerType) || t.Implements(valuerType) ||
		t.Implements(sqlTyperT) || reflect.PointerTo(t).Implements(sqlTyperT)
}

// classify decides a field's kind, SQL type and nullability.
func (ti *typeInfo) classify(f *field) error {
	o := &f.opts
	t := f.typ
	f.ptrWord = typeWord(reflect.PointerTo(t))
	if t.Kind() == reflect.Pointer {
		f.pointer, f.elem = true, t.Elem()
	}
	if o.json && containsSensitive(t, map[reflect.Type]bool{}) {
		return ti.fail(f.path, "a json field cannot hold a mapper.Sensitive, which encodes as [sensitive]; tag the field sensitive instead")
	}
	if inner, ok := sensitiveElem(f.elem); ok {
		return ti.classifySensitive(f, inner)
	}
	if o.json {
		f.kind = kindJSON
		f.sqlType = expr.JSON
		if o.sqlType != nil {
			f.sqlType = *o.sqlType
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
			f.nullable = true
		}
		return ti.finish(f)
	}
	// The column type: SQLType method, then type=, then inference.
	var st expr.Type
	var known bool
	if typer, ok := sqlTyperOf(f.elem); ok {
		st, known = typer.SQLType(), true
		if st.User != nil {
			f.kind, f.user = kindUser, st.User
		}
	}
	if o.sqlType != nil {
		if known && st.User != nil {
			return ti.fail(f.path, "type= cannot override the user-defined type of "+f.elem.String())
		}
		st, known = *o.sqlType, true
	}
	inferred, nullable, ok := inferType(f.elem)
	if !known {
		if !ok {
			return ti.fail(f.path, "cannot infer a column type for "+t.String()+
				"; add type=, give the type an SQLType method, tag it json or embed, or skip it with db:\"-\"")
		}
		st = inferred
	}
	if !ok && !isDriverType(f.elem) && f.kind != kindUser {
		return ti.fail(f.path, "Go type "+t.String()+" is neither a scalar nor a sql.Scanner; tag it json or embed")
	}
	f.sqlType = st
	f.nullable = f.pointer || nullable
	f.scanner = reflect.PointerTo(t).Implements(scannerType)
	if !f.pointer && !t.Implements(valuerType) && reflect.PointerTo(t).Implements(valuerType) {
		f.valuerAt = true
	}
	f.nullValuer = o.nullable && !f.nullable && (f.valuerAt || t.Implements(valuerType))
	if o.nullZero {
		if f.pointer || nullable {
			return ti.fail(f.path, "nullzero is for non-nullable Go types; this field holds NULL already")
		}
		if f.kind == kindUser {
			return ti.fail(f.path, "nullzero cannot be combined with a user-defined type")
		}
		f.kind, f.nullable = kindNullZero, true
	}
	return ti.finish(f)
}

// classifySensitive classifies a field of type Sensitive[inner]: its
// column is sensitive, and its type and nullability are inner's.
func (ti *typeInfo) classifySensitive(f *field, inner reflect.Type) error {
	o := &f.opts
	st, nullable, ok := sensitiveColumn(inner)
	switch {
	case f.pointer:
		return ti.fail(f.path, "a pointer to a mapper.Sensitive; use Sensitive[*T] for a column that holds NULL")
	case o.nullZero:
		return ti.fail(f.path, "nullzero cannot be combined with mapper.Sensitive; use Sensitive[*T] for NULL")
	case st.User != nil:
		return ti.fail(f.path, "mapper.Sensitive cannot hold a user-defined type; tag the field sensitive instead")
	case o.sqlType != nil:
		st = *o.sqlType
	case !ok:
		return ti.fail(f.path, "cannot infer a column type for "+inner.String()+" in "+f.typ.String()+"; add type=")
	}
	o.sensitive = true
	f.sqlType, f.nullable, f.scanner = st, nullable, true
	return ti.finish(f)
}

func (ti *typeInfo) finish(f *field) error {
	o := &f.opts
	if (o.version || o.autoIncrement) && !isInteger(f.elem) {
		return ti.fail(f.path, "version and autoincrement columns must have an integer Go type")
	}
	if o.pk && f.nullable && !o.notNull {
		return ti.fail(f.path, "a primary key field cannot hold NULL (use a non-pointer type)")
	}
	if o.deferred && (o.pk || o.version || o.softDelete) {
		return ti.fail(f.path, "a key, version or softdelete column cannot be deferred: the session needs it in every row")
	}
	if o.softDelete && (f.typ != reflect.TypeFor[*time.Time]() || o.pk) {
		return ti.fail(f.path, "a softdelete column needs a *time.Time field: NULL while the row is live")
	}
	return nil
}

func sqlTyperOf(t reflect.Type) (SQLTyper, bool) {
	switch {
	case t.Implements(sqlTyperT):
		return reflect.Zero(t).Interface().(SQLTyper), true
	case reflect.PointerTo(t).Implements(sqlTyperT):
		return reflect.New(t).Interface().(SQLTyper), true
	}
	return nil, false
}

// isDriverType reports types that the drivers convert themselves.
func isDriverType(t reflect.Type) bool {
	return reflect.PointerTo(t).Implements(scannerType) || t.Implements(valuerType)
}

func isInteger(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// inferType maps a Go type to a column type; nullable is set for the
// sql.NullXxx family and []byte.
func inferType(t reflect.Type) (st expr.Type, nullable, ok bool) {
	if t.PkgPath() == "database/sql" && strings.HasPrefix(t.Name(), "Null") {
		if v, has := t.FieldByName("V"); has { // sql.Null[T]
			st, _, ok = inferType(v.Type)
			return st, true, ok
		}
		if t.NumField() == 2 {
			st, _, ok = inferType(t.Field(0).Type)
			return st, true, ok
		}
	}
	switch {
	case t == timeType:
		return expr.TimestampTZ, false, true
	case t == jsonRawType:
		return expr.JSON, true, true
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return expr.Bytes, true, true
	}
	if isDriverType(t) {
		return expr.Type{}, false, false
	}
	switch t.Kind() {
	case reflect.Bool:
		return expr.Boolean, false, true
	case reflect.Int8, reflect.Int16, reflect.Uint8:
		return expr.SmallInt, false, true
	case reflect.Int32, reflect.Uint16:
		return expr.Integer, false, true
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64:
		return expr.BigInt, false, true
	case reflect.Float32:
		return expr.Float, false, true
	case reflect.Float64:
		return expr.Double, false, true
	case reflect.String:
		return expr.String, false, true
	}
	return expr.Type{}, false, false
}

func quote(s string) string { return `"` + s + `"` }
