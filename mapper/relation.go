package mapper

import (
	"reflect"
	"slices"
	"strings"

	"github.com/sqlforge/sqlforge/expr"
)

// RelKind is the kind of a relationship.
type RelKind uint8

// Relationship kinds.
const (
	// ManyToOne: the mapping's table holds a foreign key to the target
	// (a pointer or struct field: Post.Author).
	ManyToOne RelKind = iota + 1
	// OneToMany: the target's table holds a foreign key to the mapping's
	// table (a slice field: User.Posts).
	OneToMany
	// ManyToMany: an association table holds foreign keys to both (a slice
	// field with through=: Post.Tags).
	ManyToMany
)

// String returns the kind as written in a rel tag.
func (k RelKind) String() string {
	switch k {
	case ManyToOne:
		return "many-to-one"
	case OneToMany:
		return "one-to-many"
	case ManyToMany:
		return "many-to-many"
	}
	return "RelKind(" + itoa(int(k)) + ")"
}

// Relationship is a resolved `rel` field: which tables it joins and
// through which foreign keys. Relationships are read-only.
type Relationship struct {
	// Field is the Go field path of the relationship in the source type.
	Field string
	Kind  RelKind
	// Source is the mapped table of the struct that has the field;
	// Target the mapped table of the related struct.
	Source, Target *expr.Table
	// TargetType is the related struct type.
	TargetType reflect.Type
	// ForeignKey joins the two sides: for ManyToOne it is on Source and
	// references Target, for OneToMany it is on Target and references
	// Source, for ManyToMany it is on Through and references Source.
	ForeignKey *expr.ForeignKey
	// Through is the association table of a ManyToMany relationship and
	// TargetForeignKey its foreign key to Target.
	Through          *expr.Table
	TargetForeignKey *expr.ForeignKey
	// SelfReferential is set when Source and Target are the same table;
	// joins then need an alias (Table.Alias) for one side.
	SelfReferential bool

	// PostUpdate breaks a cycle of foreign keys (two tables that refer to
	// each other, or rows of one table that point to each other): the
	// unit of work inserts the row with this many-to-one's key NULL and
	// sets it by an UPDATE once the target exists, and NULLs it before a
	// delete (the tag's postupdate).
	PostUpdate bool

	// Cascade says what the unit of work does to the related objects of
	// a one-to-many relationship when the parent is deleted or lets one
	// go: the tag's cascade= (delete, delete-orphan) and passivedeletes.
	Cascade Cascade

	// Raise makes the relationship strict (the tag's lazy=raise): the unit
	// of work's Related refuses to load it lazily, one object at a time,
	// and reports it unloaded instead, so that a forgotten eager load is
	// an error rather than a query per object. Loading it explicitly, for
	// a whole query or slice, is unaffected.
	Raise bool

	index []int
}

// Cascade is what deleting a parent, or removing a child from its
// collection, does to the children of a one-to-many relationship. The
// zero value is the default: a deleted parent's loaded children get NULL
// foreign keys, a removed child stays.
type Cascade struct {
	// Delete deletes the children with the parent (cascade=delete).
	Delete bool
	// DeleteOrphan also deletes a child removed from the parent's loaded
	// collection (cascade=delete-orphan, which implies Delete).
	DeleteOrphan bool
	// Passive leaves children that are not loaded to the database's ON
	// DELETE action instead of loading them first (passivedeletes).
	Passive bool
}

// FieldOf returns the relationship field of v, a value of the source
// struct type.
func (r *Relationship) FieldOf(v reflect.Value) reflect.Value { return v.FieldByIndex(r.index) }

// FieldIndex returns the reflect field index of the relationship field in
// the source struct, for reflect.Value.FieldByIndex.
func (r *Relationship) FieldIndex() []int { return slices.Clone(r.index) }

// On returns the join condition between Source and Target (ManyToOne,
// OneToMany) or between Through and Source (ManyToMany): the foreign key's
// columns equal to the columns they reference.
func (r *Relationship) On() expr.Expr {
	fk := r.ForeignKey
	conds := make([]expr.Expr, len(fk.Columns))
	for i, c := range fk.Columns {
		conds[i] = c.Eq(fk.RefColumns[i])
	}
	if len(conds) == 1 {
		return conds[0]
	}
	return expr.And(conds...)
}

// Resolve resolves the relationships of every type mapped so far: it binds
// foreign keys in the MetaData, finds each related type's mapping and the
// foreign key that joins them, and returns the first *RelationshipError
// (or the MetaData's *expr.UnresolvedError). Call it once all models are
// mapped, at start-up; Mapping.Relationships calls it too.
func (r *Registry) Resolve() error {
	if err := r.Meta.Resolve(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for ; r.resolved < len(r.models); r.resolved++ {
		md := r.models[r.resolved]
		rels := make([]*Relationship, 0, len(md.info.rels))
		for _, rf := range md.info.rels {
			rel, err := r.resolveRel(md, rf)
			if err != nil {
				return err
			}
			rels = append(rels, rel)
		}
		md.rels = rels
		md.relsReady.Store(true)
	}
	return nil
}

// MustResolve is Resolve that panics on error, for start-up code.
func (r *Registry) MustResolve() {
	if err := r.Resolve(); err != nil {
		panic(err)
	}
}

// Relationships resolves the registry (see Registry.Resolve) and returns
// the mapping's relationships in field order.
func (m *Mapping[T]) Relationships() ([]*Relationship, error) {
	if err := m.m.reg.Resolve(); err != nil {
		return nil, err
	}
	m.m.reg.mu.Lock()
	defer m.m.reg.mu.Unlock()
	return slices.Clone(m.m.rels), nil
}

// Relationship returns the relationship of the named Go field; it panics
// when there is none or the registry does not resolve, so that a misspelt
// name stops the program at start-up.
func (m *Mapping[T]) Relationship(field string) *Relationship {
	rels, err := m.Relationships()
	if err != nil {
		panic(err)
	}
	for _, r := range rels {
		if r.Field == field {
			return r
		}
	}
	panic(&RelationshipError{Type: m.m.info.typ.String(), Field: field, Reason: "no such relationship field"})
}

func (r *Registry) resolveRel(md *model, rf *relField) (*Relationship, error) {
	fail := func(reason string) error {
		return &RelationshipError{Type: md.info.typ.String(), Field: rf.path, Reason: reason}
	}
	parts := strings.Split(rf.tag, ",")
	kindName := strings.TrimSpace(parts[0])
	if strings.Contains(kindName, "=") || kindName == "postupdate" || kindName == "passivedeletes" { // no kind: the first element is an option
		kindName = ""
	} else {
		parts = parts[1:]
	}
	var fkCols, targetCols []string
	var through string
	var cascade Cascade
	var postUpdate, raise bool
	seen := make(map[string]bool, len(parts))
	for _, p := range parts {
		if strings.TrimSpace(p) == "" {
			continue
		}
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		// A repeated option is a mistake whichever one was meant (lazy=raise,lazy=select).
		if seen[k] {
			return nil, fail("rel option " + quote(k) + " given twice")
		}
		seen[k] = true
		switch k {
		case "fk":
			fkCols = strings.Split(v, "+")
		case "targetfk":
			targetCols = strings.Split(v, "+")
		case "through":
			through = v
		case "cascade":
			switch v {
			case "delete":
				cascade.Delete = true
			case "delete-orphan":
				cascade.Delete, cascade.DeleteOrphan = true, true
			default:
				return nil, fail("unknown cascade " + quote(v) + " (delete, delete-orphan)")
			}
		case "passivedeletes":
			cascade.Passive = true
		case "postupdate":
			postUpdate = true
		case "lazy":
			switch v {
			case "select": // the default: Related loads it when asked
			case "raise":
				raise = true
			default:
				return nil, fail("unknown lazy " + quote(v) + " (select, raise)")
			}
		default:
			return nil, fail("unknown rel option " + quote(k))
		}
	}
	t := rf.typ
	slice := t.Kind() == reflect.Slice
	if slice {
		t = t.Elem()
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, fail("a relationship field is a struct, a pointer to one, or a slice of either")
	}
	kind := ManyToOne
	switch {
	case through != "":
		kind = ManyToMany
	case slice:
		kind = OneToMany
	}
	switch kindName {
	case "":
	case "many-to-one", "one-to-many", "many-to-many":
		if kindName != kind.String() {
			return nil, fail("declared " + kindName + " but the field's type and options make it " + kind.String() +
				" (many-to-one: pointer or struct; one-to-many: slice; many-to-many: slice with through=)")
		}
	default:
		return nil, fail("unknown relationship kind " + quote(kindName))
	}
	if targetCols != nil && kind != ManyToMany {
		return nil, fail("targetfk= applies to many-to-many relationships")
	}
	if postUpdate && kind != ManyToOne {
		return nil, fail("postupdate applies to many-to-one relationships")
	}
	if cascade != (Cascade{}) && kind != OneToMany {
		return nil, fail("cascade= and passivedeletes apply to one-to-many relationships")
	}
	target, ok := r.byType[t]
	if !ok {
		return nil, fail("related type " + t.String() + " is not mapped in this registry")
	}
	rel := &Relationship{Field: rf.path, Kind: kind, Source: md.table, Target: target.table,
		TargetType: t, SelfReferential: md.table == target.table, Cascade: cascade, PostUpdate: postUpdate, Raise: raise, index: rf.index}
	var err string
	switch kind {
	case ManyToOne:
		rel.ForeignKey, err = pickFK(md.table, target.table, fkCols, nil)
	case OneToMany:
		rel.ForeignKey, err = pickFK(target.table, md.table, fkCols, nil)
	case ManyToMany:
		rel.Through = r.Meta.Table(through)
		if rel.Through == nil {
			return nil, fail("association table " + quote(through) + " is not defined in the MetaData")
		}
		if rel.ForeignKey, err = pickFK(rel.Through, md.table, fkCols, nil); err == "" {
			rel.TargetForeignKey, err = pickFK(rel.Through, target.table, targetCols, rel.ForeignKey)
		} else if rel.SelfReferential && fkCols == nil && targetCols != nil {
			// Self-referential: targetfk= alone decides both sides.
			if rel.TargetForeignKey, err = pickFK(rel.Through, target.table, targetCols, nil); err == "" {
				rel.ForeignKey, err = pickFK(rel.Through, md.table, nil, rel.TargetForeignKey)
			}
		}
	}
	if err != "" {
		return nil, fail(err)
	}
	return rel, nil
}

// pickFK finds the one foreign key on from that references to, restricted
// to the named columns when names is set and excluding not.
func pickFK(from, to *expr.Table, names []string, not *expr.ForeignKey) (*expr.ForeignKey, string) {
	var found []*expr.ForeignKey
	for _, fk := range from.ForeignKeys {
		if fk.RefTable != to || fk == not {
			continue
		}
		if names != nil && !sameColumns(fk.Columns, names) {
			continue
		}
		found = append(found, fk)
	}
	what := "foreign key from " + quote(from.Name) + " to " + quote(to.Name)
	if names != nil {
		what += " on (" + strings.Join(names, ", ") + ")"
	}
	switch len(found) {
	case 0:
		return nil, "no " + what
	case 1:
		return found[0], ""
	}
	return nil, "more than one " + what + "; name its columns with fk= (and targetfk= for the association table's other side)"
}

func sameColumns(cols []*expr.Column, names []string) bool {
	if len(cols) != len(names) {
		return false
	}
	for i, c := range cols {
		if c.Name != strings.TrimSpace(names[i]) {
			return false
		}
	}
	return true
}
