package unitofwork

import (
	"errors"
	"strings"

	"github.com/sqlforge/sqlforge/mapper"
)

// Strict loading is SQLAlchemy's raiseload, for the one call that would
// load lazily: Related. Where the loading is strict, Related reports an
// unloaded relationship or deferred column as an *UnloadedError instead
// of running a query for that one object, so that a relationship a page
// forgot to load eagerly is an error in a test rather than a query per
// row in production. It is strict
//
//   - for every object of a session opened with StrictLoading;
//   - for the objects a query with the Strict option returns, and the
//     objects its SelectIn and Joined paths reach — strict for as long
//     as the session holds them;
//   - for a relationship tagged lazy=raise (mapper.Relationship.Raise),
//     on every object.
//
// Strictness never stops explicit loading: SelectIn, Joined and Load load what
// they are asked for, and the flush loads what it needs (the children a
// delete cascade or an orphan check needs, the links of a many-to-many,
// Merge's rows) whatever the mode. A many-to-one the session can answer
// without SQL — its target is in the identity map, or its foreign key is
// NULL (a nullzero field's zero value too) — is answered, strict or not;
// one a load found no target for (the session's criteria or soft delete
// leave it out) is loaded, and nil.

// ErrUnloaded is what every *UnloadedError matches.
var ErrUnloaded = errors.New("unitofwork: not loaded")

// UnloadedError reports a relationship or deferred column that Related
// found unloaded where loading is strict: Type is the mapped struct type,
// Field the field.
type UnloadedError struct {
	Type  string
	Field string
}

func (e *UnloadedError) Error() string {
	return "unitofwork: " + e.Type + "." + e.Field + " is not loaded, and loading is strict for it" +
		" (load it with SelectIn or Load)"
}

func (e *UnloadedError) Unwrap() error { return ErrUnloaded }

// StrictLoading makes every relationship and deferred column of every
// object of the session strict: Related reports them unloaded rather
// than load them (see Related).
func StrictLoading() Option { return optionFunc(func(c *config) { c.strict = true }) }

// Strict makes the objects a query returns, and those its SelectIn and
// Joined paths reach, strict for as long as the session holds them: Related reports
// their unloaded relationships and deferred columns rather than load
// them (see Related).
func Strict() QueryOption {
	return queryOptionFunc(func(c *queryConfig) { c.strict = true })
}

// strictFor reports whether loading r (nil: a deferred column) of st's
// object is strict.
func (s *Session) strictFor(st *state, r *mapper.Relationship) bool {
	return s.cfg.strict || st.strict || r != nil && r.Raise
}

// markStrict makes objs, objects of m a Strict query returned, strict,
// and the objects each of its paths (SelectIn's, Joined's) reaches from
// them: it follows the fields the loaders filled, whichever they were.
func markStrict[T any](s *Session, m *mapper.Model, objs []*T, paths ...[]string) {
	level := make([]any, 0, len(objs))
	for _, o := range objs {
		level = append(level, o)
	}
	s.markObjects(level)
	for _, ps := range paths {
		for _, p := range ps {
			s.markPath(m, level, strings.Split(p, "."))
		}
	}
}

// markPath marks the objects the relationship segs[0] of objs, objects
// of m, holds, and on along the rest of the path. A step that names no
// relationship (a deferred column) ends it.
func (s *Session) markPath(m *mapper.Model, objs []any, segs []string) {
	if len(objs) == 0 || len(segs) == 0 {
		return
	}
	r, err := relationshipNamed(m, segs[0])
	if err != nil {
		return
	}
	tm := s.reg.Model(r.TargetType)
	if tm == nil {
		return
	}
	var next []any
	for _, o := range objs {
		_ = related(o, r, func(t any) error {
			next = append(next, t)
			return nil
		})
	}
	next = distinct(next)
	s.markObjects(next)
	s.markPath(tm, next, segs[1:])
}

func (s *Session) markObjects(objs []any) {
	for _, o := range objs {
		if st, ok := s.objects.get(o); ok {
			st.strict = true
		}
	}
}
