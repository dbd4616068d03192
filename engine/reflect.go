package engine

import (
	"context"

	"github.com/sqlforge/sqlforge/expr"
)

// Reflector reads the definitions of the tables in an engine's current
// schema (PostgreSQL) or database (MySQL/MariaDB, SQLite). Each dialect
// module provides one; Reflect turns what it reads into expr MetaData.
type Reflector interface {
	ReflectTables(ctx context.Context, e *Engine) ([]TableInfo, error)
}

// TableInfo describes a table as the database reports it.
type TableInfo struct {
	Name        string
	Columns     []ColumnInfo
	PrimaryKey  []string // column names in key order
	ForeignKeys []ForeignKeyInfo
	Uniques     []UniqueInfo // UNIQUE constraints
	Indexes     []IndexInfo  // indexes that back no constraint
}

// ColumnInfo describes a column. Type is the portable type the database
// type maps to (Unknown when there is none); DBType is the database's own
// spelling.
type ColumnInfo struct {
	Name          string
	Type          expr.Type
	DBType        string
	Nullable      bool
	AutoIncrement bool
}

// ForeignKeyInfo describes a FOREIGN KEY constraint.
type ForeignKeyInfo struct {
	Name       string
	Columns    []string
	RefTable   string
	RefColumns []string
	OnDelete   expr.Action
	OnUpdate   expr.Action
}

// UniqueInfo describes a UNIQUE constraint.
type UniqueInfo struct {
	Name    string
	Columns []string
}

// IndexInfo describes an index.
type IndexInfo struct {
	Name    string
	Columns []string
	Unique  bool
}

// ConstraintKind is the kind of a reflected constraint.
type ConstraintKind uint8

// Constraint kinds.
const (
	PrimaryKeyConstraint ConstraintKind = iota + 1
	UniqueConstraint
	ForeignKeyConstraint
)

// ConstraintColumn is one column of a constraint as catalog queries list
// them: one row per column, the rows of a constraint adjacent and in key
// order. Reflectors collect them and hand them to AddConstraints.
type ConstraintColumn struct {
	Name                string
	Kind                ConstraintKind
	Column              string
	RefTable, RefColumn string // foreign keys only
	OnDelete, OnUpdate  expr.Action
}

// AddConstraints groups constraint rows into ti's primary key, unique
// constraints and foreign keys. Rows of other kinds are ignored.
func (ti *TableInfo) AddConstraints(rows []ConstraintColumn) {
	for i, c := range rows {
		first := i == 0 || rows[i-1].Name != c.Name || rows[i-1].Kind != c.Kind
		switch c.Kind {
		case PrimaryKeyConstraint:
			ti.PrimaryKey = append(ti.PrimaryKey, c.Column)
		case UniqueConstraint:
			if first {
				ti.Uniques = append(ti.Uniques, UniqueInfo{Name: c.Name})
			}
			u := &ti.Uniques[len(ti.Uniques)-1]
			u.Columns = append(u.Columns, c.Column)
		case ForeignKeyConstraint:
			if first {
				ti.ForeignKeys = append(ti.ForeignKeys, ForeignKeyInfo{Name: c.Name, RefTable: c.RefTable,
					OnDelete: c.OnDelete, OnUpdate: c.OnUpdate})
			}
			fk := &ti.ForeignKeys[len(ti.ForeignKeys)-1]
			fk.Columns = append(fk.Columns, c.Column)
			fk.RefColumns = append(fk.RefColumns, c.RefColumn)
		}
	}
}

// IndexColumn is one column of an index as catalog queries list them,
// the rows of an index adjacent and in key order.
type IndexColumn struct {
	Name   string
	Unique bool
	Column string
}

// ReadIndexes runs query, a catalog query selecting name, unique and
// column for each index column (the rows of an index adjacent and in key
// order), and adds the indexes to ti.
func (ti *TableInfo) ReadIndexes(ctx context.Context, e *Engine, query expr.Statement) error {
	rows, err := All(ctx, e, query, func(r *Rows) (IndexColumn, error) {
		var x IndexColumn
		err := r.Scan(&x.Name, &x.Unique, &x.Column)
		return x, err
	})
	if err != nil {
		return err
	}
	ti.AddIndexes(rows)
	return nil
}

// AddIndexes groups index rows into ti.Indexes.
func (ti *TableInfo) AddIndexes(rows []IndexColumn) {
	for i, x := range rows {
		if i == 0 || rows[i-1].Name != x.Name {
			ti.Indexes = append(ti.Indexes, IndexInfo{Name: x.Name, Unique: x.Unique})
		}
		ix := &ti.Indexes[len(ti.Indexes)-1]
		ix.Columns = append(ix.Columns, x.Column)
	}
}

// ReflectEach is the loop of a Reflector: it lists the tables with query,
// reading each row with scan, and describes each table with describe.
func ReflectEach[T any](ctx context.Context, e *Engine, query expr.Statement, scan ScanFunc[T],
	describe func(ctx context.Context, table T) (TableInfo, error)) ([]TableInfo, error) {
	tables, err := All(ctx, e, query, scan)
	if err != nil {
		return nil, err
	}
	out := make([]TableInfo, 0, len(tables))
	for _, t := range tables {
		ti, err := describe(ctx, t)
		if err != nil {
			return nil, err
		}
		out = append(out, ti)
	}
	return out, nil
}

// Reflect reads the tables of the engine's current schema or database
// through r into a new, resolved MetaData, as SQLAlchemy's
// MetaData.reflect does: columns with their types and nullability,
// primary keys, foreign keys, unique constraints and indexes.
func Reflect(ctx context.Context, e *Engine, r Reflector) (*expr.MetaData, error) {
	infos, err := r.ReflectTables(ctx, e)
	if err != nil {
		return nil, err
	}
	m := expr.NewMetaData()
	for _, ti := range infos {
		items := make([]expr.TableItem, 0, len(ti.Columns)+4)
		for _, ci := range ti.Columns {
			var opts []expr.ColumnOption
			if !ci.Nullable {
				opts = append(opts, expr.NotNull)
			}
			if ci.AutoIncrement {
				opts = append(opts, expr.AutoIncrement)
			}
			items = append(items, expr.Col(ci.Name, ci.Type, opts...))
		}
		if len(ti.PrimaryKey) > 0 {
			items = append(items, expr.PrimaryKeyOn(ti.PrimaryKey...))
		}
		for _, fk := range ti.ForeignKeys {
			opts := []expr.FKOption{expr.OnDelete(fk.OnDelete), expr.OnUpdate(fk.OnUpdate)}
			if fk.Name != "" {
				opts = append(opts, expr.FKName(fk.Name))
			}
			items = append(items, expr.ForeignKeyOn(fk.Columns, fk.RefTable, fk.RefColumns, opts...))
		}
		for _, u := range ti.Uniques {
			items = append(items, expr.UniqueOn(u.Name, u.Columns...))
		}
		for _, ix := range ti.Indexes {
			if ix.Unique {
				items = append(items, expr.UniqueIndexOn(ix.Name, ix.Columns...))
			} else {
				items = append(items, expr.IndexOn(ix.Name, ix.Columns...))
			}
		}
		if _, err := m.NewTable(ti.Name, items...); err != nil {
			return nil, err
		}
	}
	if err := m.Resolve(); err != nil {
		return nil, err
	}
	return m, nil
}
