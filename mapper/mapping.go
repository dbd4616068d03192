package mapper

import (
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/sqlforge/sqlforge/expr"
)

// Registry maps Go types to the tables of one MetaData and resolves the
// relationships between them. Make one with NewRegistry, usually next to
// the MetaData in package-level variables. It is safe for concurrent use.
type Registry struct {
	// Meta holds the mapped tables.
	Meta *expr.MetaData

	mu       sync.Mutex              // guards the fields below
	byType   map[reflect.Type]*model // mapped types
	models   []*model                // in mapping order
	resolved int                     // models whose relationships are resolved
}

// NewRegistry returns a Registry that defines its tables in meta.
func NewRegistry(meta *expr.MetaData) *Registry {
	return &Registry{Meta: meta, byType: map[reflect.Type]*model{}}
}

// model is the untyped core of a Mapping.
type model struct {
	reg      *Registry
	info     *typeInfo
	table    *expr.Table
	fields   []*field // parallel to table.Columns
	colIndex map[*expr.Column]int
	byPath   map[string]int // Go field path -> column index
	pk       []int
	version  int // column index of the version column, or -1
	softDel  int // column index of the softdelete column, or -1
	rels     []*Relationship
	pub      *Model // the untyped view, made with the model
	snap     snapPlan
	// relsReady is set once rels is resolved: the unit of work reads the
	// relationships of every object it flushes, without the lock.
	relsReady atomic.Bool
}

// Mapping is a Go struct type T mapped to a table. It embeds the table, so
// Users.C("email") is a column and Users.Table goes wherever expr takes a
// table. A Mapping is read-only after Map and safe for concurrent use.
type Mapping[T any] struct {
	*expr.Table
	m *model
}

// Option configures Map besides the struct tags.
type Option interface{ applyMapping(*mapState) error }

type mapState struct {
	colOpts   map[string][]expr.ColumnOption
	order     []string
	tableOpts []expr.TableOption
}

type optionFunc func(*mapState) error

func (f optionFunc) applyMapping(s *mapState) error { return f(s) }

// ColumnOptions adds expr column options to the column named column: the
// way to give a column what a tag cannot carry, such as a server default's
// SQL (expr.ServerDefault, which takes a constant) or a client default
// (expr.Default). Map fails if no field maps to the column.
func ColumnOptions(column string, opts ...expr.ColumnOption) Option {
	return optionFunc(func(s *mapState) error {
		if _, ok := s.colOpts[column]; !ok {
			s.order = append(s.order, column)
		}
		s.colOpts[column] = append(s.colOpts[column], opts...)
		return nil
	})
}

// TableOptions passes expr table options (PrimaryKeyOn, ForeignKeyOn,
// IndexOn, UniqueOn, Check, InSchema) to the mapped table, for what spans
// several columns. Wrapping them keeps Map's options one type, so that a
// wrong argument is a compile error rather than a run-time one.
func TableOptions(opts ...expr.TableOption) Option {
	return optionFunc(func(s *mapState) error {
		s.tableOpts = append(s.tableOpts, opts...)
		return nil
	})
}

// Map maps struct type T to a new table called name in the registry's
// MetaData, configured by opts (ColumnOptions, TableOptions). It returns a
// *MappingError for a tag or field it cannot map, a column option or
// constraint naming an unknown column, or an invalid table.
func Map[T any](reg *Registry, name string, opts ...Option) (*Mapping[T], error) {
	t := reflect.TypeFor[T]()
	info, err := infoFor(t)
	if err != nil {
		return nil, err
	}
	fail := func(reason string, err error) error {
		return &MappingError{Type: t.String(), Reason: reason, Err: err}
	}
	st := &mapState{colOpts: map[string][]expr.ColumnOption{}}
	for _, o := range opts {
		if err := o.applyMapping(st); err != nil {
			return nil, err
		}
	}
	for _, c := range st.order {
		if _, ok := info.byColumn[c]; !ok {
			return nil, fail("ColumnOptions names unknown column "+quote(c), nil)
		}
	}
	if len(info.fields) == 0 {
		return nil, fail("no mapped fields", nil)
	}
	cols := make([]expr.TableItem, 0, len(info.fields)+len(st.tableOpts)+2)
	var uniques, indexes []string
	uniqueCols, indexCols := map[string][]string{}, map[string][]string{}
	for _, f := range info.fields {
		o := &f.opts
		var copts []expr.ColumnOption
		if o.pk {
			copts = append(copts, expr.PK)
		}
		if o.autoIncrement {
			copts = append(copts, expr.AutoIncrement)
		}
		if o.notNull || (!f.nullable && !o.nullable) {
			copts = append(copts, expr.NotNull)
		}
		switch {
		case o.unique && o.uniqueName == "":
			copts = append(copts, expr.Unique)
		case o.unique:
			if _, ok := uniqueCols[o.uniqueName]; !ok {
				uniques = append(uniques, o.uniqueName)
			}
			uniqueCols[o.uniqueName] = append(uniqueCols[o.uniqueName], f.column)
		}
		switch {
		case o.index && o.indexName == "":
			// Indexed alone: Table.AllIndexes names it ix_<table>_<column>,
			// and a second IndexOn here would create the index twice.
			copts = append(copts, expr.Indexed)
		case o.index:
			if _, ok := indexCols[o.indexName]; !ok {
				indexes = append(indexes, o.indexName)
			}
			indexCols[o.indexName] = append(indexCols[o.indexName], f.column)
		}
		if o.references != "" {
			var fko []expr.FKOption
			if o.onDelete != expr.NoAction {
				fko = append(fko, expr.OnDelete(o.onDelete))
			}
			if o.onUpdate != expr.NoAction {
				fko = append(fko, expr.OnUpdate(o.onUpdate))
			}
			copts = append(copts, expr.References(o.references, fko...))
		}
		if o.sensitive {
			copts = append(copts, expr.Sensitive)
		}
		copts = append(copts, st.colOpts[f.column]...)
		cols = append(cols, expr.Col(f.column, f.sqlType, copts...))
	}
	for _, u := range uniques {
		cols = append(cols, expr.UniqueOn(u, uniqueCols[u]...))
	}
	for _, ix := range indexes {
		cols = append(cols, expr.IndexOn(ix, indexCols[ix]...))
	}
	for _, o := range st.tableOpts {
		cols = append(cols, o)
	}

	reg.mu.Lock()
	defer reg.mu.Unlock()
	if _, dup := reg.byType[t]; dup {
		return nil, fail("type is already mapped in this registry", nil)
	}
	table, err := reg.Meta.NewTable(name, cols...)
	if err != nil {
		return nil, fail("table "+quote(name), err)
	}
	m := &model{reg: reg, info: info, table: table, fields: info.fields, version: -1, softDel: -1,
		colIndex: make(map[*expr.Column]int, len(table.Columns)), byPath: make(map[string]int, len(info.fields))}
	for i, c := range table.Columns {
		m.colIndex[c] = i
		m.byPath[info.fields[i].path] = i
		if c.PrimaryKey {
			m.pk = append(m.pk, i)
		}
		if info.fields[i].opts.version {
			if m.version >= 0 {
				return nil, fail("more than one version column", nil)
			}
			m.version = i
		}
		if info.fields[i].opts.softDelete {
			if m.softDel >= 0 {
				return nil, fail("more than one softdelete column", nil)
			}
			m.softDel = i
		}
	}
	// A composite key declared with PrimaryKeyOn keeps its own order.
	m.pk = m.pk[:0]
	for _, c := range table.PrimaryKey {
		m.pk = append(m.pk, m.colIndex[c])
	}
	mp := &Mapping[T]{Table: table, m: m}
	m.pub = &Model{md: m, ptrWord: typeWord(reflect.PointerTo(t)),
		newInsert: func(rows []unsafe.Pointer) Batch { return &InsertBatch[T]{m: mp, rows: rows} }}
	reg.byType[t] = m
	reg.models = append(reg.models, m)
	return mp, nil
}

// MustMap is Map for package-level definitions: it panics on error, so a
// bad mapping stops the program at start-up.
func MustMap[T any](reg *Registry, name string, opts ...Option) *Mapping[T] {
	m, err := Map[T](reg, name, opts...)
	if err != nil {
		panic(err)
	}
	return m
}

// Field returns the column of the Go field at path ("Email", or
// "Audit.CreatedAt" for an embedded struct's field; a promoted field's
// own name works when it is unambiguous). It panics when no field has that
// path, so a misspelt field stops the program at start-up; LookupField
// returns an error instead.
func (m *Mapping[T]) Field(path string) *expr.Column {
	c, err := m.LookupField(path)
	if err != nil {
		panic(err)
	}
	return c
}

// LookupField is Field with an *expr.UnknownColumnError for an unknown path.
func (m *Mapping[T]) LookupField(path string) (*expr.Column, error) {
	if i, ok := m.m.byPath[path]; ok {
		return m.Table.Columns[i], nil
	}
	found := -1
	for p, i := range m.m.byPath {
		if p == path || strings.HasSuffix(p, "."+path) {
			if found >= 0 {
				return nil, &expr.UnknownColumnError{Table: m.Table.Name, Name: path + " (ambiguous field)"}
			}
			found = i
		}
	}
	if found < 0 {
		return nil, &expr.UnknownColumnError{Table: m.Table.Name, Name: path}
	}
	return m.Table.Columns[found], nil
}

// Select returns SELECT of the mapped columns FROM the table, ready for
// Where, OrderBy and the rest. Deferred columns (the tag's deferred:
// large text, blobs) are left out; add them with Columns, or load them
// later (unitofwork.Load). Update leaves them out too, so a row read with
// Select and written back with Update keeps its deferred values.
func (m *Mapping[T]) Select() *expr.SelectStmt {
	return m.m.pub.Select()
}

// Type returns the mapped Go type.
func (m *Mapping[T]) Type() reflect.Type { return m.m.info.typ }

// Registry returns the registry the mapping belongs to.
func (m *Mapping[T]) Registry() *Registry { return m.m.reg }

// VersionColumn returns the optimistic-locking column, or nil.
func (m *Mapping[T]) VersionColumn() *expr.Column {
	if m.m.version < 0 {
		return nil
	}
	return m.Table.Columns[m.m.version]
}
