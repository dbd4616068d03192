package mapper

import (
	"errors"
	"reflect"
	"unsafe"
)

// ScanOption changes how One, All, Append and Into read rows.
type ScanOption func(*scanConfig)

type scanConfig struct {
	ignoreUnknown bool
	maxRows       int
}

// IgnoreUnknownColumns lets result columns that no field takes pass
// silently instead of failing with an *UnknownColumnError.
func IgnoreUnknownColumns(c *scanConfig) { c.ignoreUnknown = true }

// MaxRows makes All and Append fail with ErrRowLimit when the result
// has more than n rows, so that a query cannot materialize an unbounded
// result. n <= 0 means no limit.
func MaxRows(n int) ScanOption { return func(c *scanConfig) { c.maxRows = n } }

// One scans the first row into a T and closes rows. It returns ErrNoRows
// (which is sql.ErrNoRows) when there is no row.
func One[T any](rows Rows, opts ...ScanOption) (T, error) {
	var v T
	err := Into(rows, &v, opts...)
	return v, err
}

// Into scans the first row into *dst, leaving fields that the result does
// not name untouched (for reading back the RETURNING columns of an
// INSERT), and closes rows. It returns ErrNoRows when there is no row.
func Into[T any](rows Rows, dst *T, opts ...ScanOption) error {
	return intoFirst(rows, reflect.TypeFor[T](), unsafe.Pointer(dst), opts)
}

// intoFirst is Into for a destination of type t at dst.
func intoFirst(rows Rows, t reflect.Type, dst unsafe.Pointer, opts []ScanOption) (err error) {
	defer func() { err = closeWith(rows, err) }()
	cur, err := newCursor(rows, t, opts)
	if err != nil {
		return err
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return ErrNoRows
	}
	cur.single = true
	return cur.scanTo(rows, dst)
}

// All scans every row into a new slice and closes rows. For a slice of
// pointers, the structs are allocated in blocks of 32, so one retained
// pointer keeps its block alive.
func All[T any](rows Rows, opts ...ScanOption) ([]T, error) {
	return Append[T](nil, rows, opts...)
}

// Append scans every row and appends it to dst, then closes rows. Callers
// that know the row count (a LIMIT, a count query) pass a dst with that
// capacity and the slice never grows. On error the rows read so far are
// returned with it.
func Append[T any](dst []T, rows Rows, opts ...ScanOption) (out []T, err error) {
	defer func() { err = closeWith(rows, err) }()
	cur, err := newCursor(rows, reflect.TypeFor[T](), opts)
	if err != nil {
		return dst, err
	}
	var zero T
	n := 0
	for rows.Next() {
		if n++; cur.cfg.maxRows > 0 && n > cur.cfg.maxRows {
			return dst, ErrRowLimit
		}
		dst = append(dst, zero)
		if err := cur.scanTo(rows, unsafe.Pointer(&dst[len(dst)-1])); err != nil {
			return dst[:len(dst)-1], err
		}
	}
	return dst, rows.Err()
}

func closeWith(rows Rows, err error) error {
	if cerr := closeRows(rows); err == nil {
		err = cerr
	}
	return err
}

// cursor is a plan in use by one call: the destination slice handed to
// Scan and the helpers, allocated once per call and reused for every row.
type cursor struct {
	p       *plan
	cfg     scanConfig
	dest    []any
	helpers []helper
	vals    []any // modeMap: the values of the current row
	chunk   unsafe.Pointer
	left    int // structs left in chunk (modeStructPtr)
	// raw is set when the rows expose their undecoded values (pgx): NULL
	// for a non-nullable field is then found before Scan, which pgx
	// cannot repeat after a failure.
	raw rawValuer
	// single is set for one row (Into, One): no chunk allocation.
	single bool
	// scanned is set after the first row: a query's first struct is
	// allocated alone, the rest in chunks, so that a query that returns
	// one row (a lookup by key) does not pay for a chunk.
	scanned bool
}

// rawValuer is pgx.Rows' RawValues: nil for a NULL column.
type rawValuer interface{ RawValues() [][]byte }

// nullColumner is an error from Scan that names the column holding a NULL
// that its destination could not take: engine.NullScanError, which the
// engine's native pgx source returns, since pgx cannot scan a row again
// after a failure for diagnose to find the NULL itself.
type nullColumner interface{ NullColumn() int }

// scanner is the one method of Rows that scanning a row needs.
type scanner interface{ Scan(dest ...any) error }

func newCursor(rows Rows, t reflect.Type, opts []ScanOption) (*cursor, error) {
	cols, err := columnsOf(rows)
	if err != nil {
		return nil, err
	}
	c := new(cursor)
	if err := c.init(rows, cols, t, opts); err != nil {
		return nil, err
	}
	return c, nil
}

// init prepares c to scan rows, whose columns are cols, into a t.
func (c *cursor) init(rows any, cols []string, t reflect.Type, opts []ScanOption) error {
	p, err := planFor(t, cols)
	if err != nil {
		return err
	}
	c.p = p
	for _, o := range opts {
		o(&c.cfg)
	}
	if p.unknown >= 0 && !c.cfg.ignoreUnknown {
		return &UnknownColumnError{Type: c.typeName(), Column: p.columns[p.unknown]}
	}
	if rv, ok := rows.(rawValuer); ok && p.strict {
		c.raw = rv
	}
	c.dest = make([]any, len(cols))
	c.helpers = make([]helper, p.nhelp)
	switch p.mode {
	case modeMap:
		c.vals = make([]any, len(cols))
		for i := range c.dest {
			c.dest[i] = &c.vals[i]
		}
		return nil
	}
	for i, s := range p.slots {
		switch {
		case s.f == nil:
			c.dest[i] = discard{}
		case s.helper >= 0:
			c.helpers[s.helper].f = s.f
			c.dest[i] = &c.helpers[s.helper]
		}
	}
	return nil
}

// chunkSize is how many structs modeStructPtr allocates at once.
const chunkSize = 32

// scanTo scans the current row into the T at dst.
func (c *cursor) scanTo(rows scanner, dst unsafe.Pointer) error {
	p := c.p
	base := dst
	switch p.mode {
	case modeMap:
		if err := rows.Scan(c.dest...); err != nil {
			return &ScanError{Err: err}
		}
		m := make(map[string]any, len(c.vals))
		for i, name := range p.columns {
			m[name] = c.vals[i]
			c.vals[i] = nil
		}
		*(*map[string]any)(dst) = m
		return nil
	case modeStructPtr:
		if *(*unsafe.Pointer)(dst) == nil && (c.single || !c.scanned) {
			c.scanned = true
			base = reflect.New(p.elem).UnsafePointer()
			*(*unsafe.Pointer)(dst) = base
		} else if *(*unsafe.Pointer)(dst) == nil {
			if c.left == 0 {
				c.chunk = reflect.New(p.chunk).UnsafePointer()
				c.left = chunkSize
			}
			base = c.chunk
			c.chunk = unsafe.Add(c.chunk, p.elem.Size())
			c.left--
			*(*unsafe.Pointer)(dst) = base
		} else {
			base = *(*unsafe.Pointer)(dst)
		}
	}
	for i := range p.slots {
		s := &p.slots[i]
		if s.f == nil {
			continue
		}
		if s.helper >= 0 {
			c.helpers[s.helper].base = base
			continue
		}
		c.dest[i] = pointerAt(s.f.ptrWord, unsafe.Add(base, s.f.offset))
	}
	if c.raw != nil {
		if err := c.checkNulls(); err != nil {
			return err
		}
	}
	if err := rows.Scan(c.dest...); err != nil {
		return c.diagnose(rows, err)
	}
	return nil
}

// checkNulls reports NULL for a field scanned directly that cannot hold it.
func (c *cursor) checkNulls() error {
	raw := c.raw.RawValues()
	for i := range c.p.slots {
		if f := c.p.slots[i].f; f != nil && i < len(raw) && raw[i] == nil && !f.nullable && f.kind == kindDirect && !f.scanner {
			return &NullError{Type: c.typeName(), Field: f.path, Column: f.column}
		}
	}
	return nil
}

// diagnose turns a failed Scan into a typed error: a *NullError when a
// non-nullable field met NULL (found by scanning the row again into
// interface values), the helper's own error, or a *ScanError.
func (c *cursor) diagnose(rows scanner, err error) error {
	var ne *NullError
	if errors.As(err, &ne) {
		ne.Type = c.typeName()
		return ne
	}
	var se *ScanError
	if errors.As(err, &se) {
		return se
	}
	var nc nullColumner
	if errors.As(err, &nc) {
		if i := nc.NullColumn(); i >= 0 && i < len(c.p.slots) && c.p.slots[i].f != nil {
			f := c.p.slots[i].f
			return &NullError{Type: c.typeName(), Field: f.path, Column: f.column}
		}
	}
	vals := make([]any, len(c.dest))
	ptrs := make([]any, len(c.dest))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if rows.Scan(ptrs...) == nil {
		for i, s := range c.p.slots {
			if s.f != nil && vals[i] == nil && !s.f.nullable && !s.f.scanner {
				return &NullError{Type: c.typeName(), Field: s.f.path, Column: s.f.column}
			}
		}
	}
	return &ScanError{Err: err}
}

func (c *cursor) typeName() string {
	if c.p.elem != nil {
		return c.p.elem.String()
	}
	return c.p.typ.String()
}
