package expr

// ColumnSet is an allow-list of columns that user input may name, for
// dynamic sorting and filtering that must not reach every column. The
// names are public: an API's "assignee" can stand for users.name.
type ColumnSet struct {
	byName map[string]*Column // nil value: an ambiguous name
	names  []string           // allowed names in the order given
}

// AllowItem is what Allow takes: a *Column, allowed under its own name,
// or AllowAs's public name for a column.
type AllowItem interface{ allowed() (string, *Column) }

func (c *Column) allowed() (string, *Column) {
	if c == nil {
		return "", nil
	}
	return c.Name, c
}

type allowAs struct {
	name string
	col  *Column
}

func (a allowAs) allowed() (string, *Column) { return a.name, a.col }

// AllowAs allows col under a public name of the caller's choosing, so that
// an API's field names need not be the schema's: AllowAs("assignee",
// users.C("name")). The column's own name is then allowed only if it is
// listed too.
func AllowAs(name string, col *Column) AllowItem { return allowAs{name, col} }

// Allow returns a ColumnSet of the given columns (under their own names)
// and AllowAs items (under public names). Nil items are left out; a name
// two different columns share (users.id and orders.id, say) names
// neither, and looking it up is an error.
func Allow(items ...AllowItem) *ColumnSet {
	s := &ColumnSet{byName: make(map[string]*Column, len(items))}
	for _, it := range items {
		if it == nil {
			continue
		}
		name, c := it.allowed()
		if c == nil {
			continue
		}
		prev, ok := s.byName[name]
		switch {
		case !ok:
			s.byName[name] = c
			s.names = append(s.names, name)
		case prev != c:
			s.byName[name] = nil // ambiguous
		}
	}
	return s
}

// Names returns the names the set allows, in the order given to Allow,
// without ambiguous ones: what an API can document or show in an error.
func (s *ColumnSet) Names() []string {
	if s == nil {
		return nil
	}
	names := make([]string, 0, len(s.names))
	for _, n := range s.names {
		if s.byName[n] != nil {
			names = append(names, n)
		}
	}
	return names
}

// Lookup returns the column allowed under that name or an
// *UnknownColumnError whose Allowed field lists the names the set allows
// (with Ambiguous set when two allowed columns have the name). A nil set
// allows nothing.
func (s *ColumnSet) Lookup(name string) (*Column, error) {
	c, ok := (*Column)(nil), false
	if s != nil {
		c, ok = s.byName[name]
	}
	if c != nil {
		return c, nil
	}
	return nil, &UnknownColumnError{Table: "allowed columns", Name: name, Ambiguous: ok, Allowed: s.Names()}
}
