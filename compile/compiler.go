package compile

import (
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/sqlforge/sqlforge/expr"
)

// Compiler turns statements into SQL text and arguments for one dialect.
// It keeps a cache of compiled SQL keyed by each statement's shape: a
// statement built the same way twice has its SQL rendered once, and every
// later compile only collects its arguments, without allocating.
//
// A Compiler is safe for concurrent use. Create one per dialect and share it.
type Compiler struct {
	d         Dialect
	f         Feature
	maxIn     int
	maxParams int
	maxDepth  int
	// mark is the first byte of the dialect's placeholders ('?' or '$'),
	// which a Text must not use itself.
	mark   byte
	cache  cache
	states sync.Pool // *state
}

// Option configures a Compiler.
type Option interface{ apply(*Compiler) }

type optionFunc func(*Compiler)

func (f optionFunc) apply(c *Compiler) { f(c) }

// MaxInList caps the number of elements an IN list may bind as separate
// parameters (default 10,000). Longer lists fail with a *LimitError rather
// than at the server. Lists bound as one array (PostgreSQL) are not capped.
func MaxInList(n int) Option { return optionFunc(func(c *Compiler) { c.maxIn = n }) }

// CacheSize sets how many distinct statement shapes the cache keeps
// (default 2,048; 0 disables the cache). When full, the cache starts over.
func CacheSize(n int) Option { return optionFunc(func(c *Compiler) { c.cache.max = n }) }

// MaxDepth caps how deeply expressions may nest (default 512), so a
// runaway or cyclic tree is an error rather than a stack overflow. Column
// references, which cannot nest, do not count.
func MaxDepth(n int) Option { return optionFunc(func(c *Compiler) { c.maxDepth = n }) }

// New returns a Compiler for dialect d.
func New(d Dialect, opts ...Option) *Compiler {
	c := &Compiler{d: d, f: d.Features(), maxIn: 10000, maxParams: d.MaxParams(), maxDepth: 512}
	if p := d.AppendPlaceholder(nil, 1); len(p) > 0 {
		c.mark = p[0]
	}
	c.cache.max = 2048
	for _, o := range opts {
		o.apply(c)
	}
	c.states.New = func() any {
		return &state{c: c, sql: make([]byte, 0, 256), shape: make([]byte, 0, 128), hits: c.cache.hitCounter()}
	}
	return c
}

// Dialect returns the compiler's dialect.
func (c *Compiler) Dialect() Dialect { return c.d }

// Compile returns the SQL of stmt and its arguments, appended to args
// (pass a reused args[:0] to avoid allocating). Named parameters
// (expr.Param, and ":name" in expr.Text) take their values from params.
//
// On a cache hit Compile does not allocate, provided args has room.
func (c *Compiler) Compile(stmt expr.Statement, args []any, params ...sql.NamedArg) (text string, out []any, err error) {
	text, out, _, err = c.compile(stmt, args, params)
	return text, out, err
}

// CompileSensitive is Compile that also reports which arguments hold
// values of sensitive columns (expr.Sensitive): values written to such a
// column, compared with it, or made from it (a LIKE pattern, an IN list
// or array of its values). sensitive lists their positions among the
// arguments the statement appended, in increasing order — the values are
// out[len(args)+sensitive[i]] — and is nil when there are none. The
// positions are part of what the cache keeps for the statement's shape,
// so the slice may be shared with other calls: do not change it. The
// engine uses them to keep those values out of hook events, logs and
// error text.
//
// A value the compiler cannot tie to a column is not marked: a value in
// an expr.Text, a function's argument, a value compared with an
// expression rather than with the column itself.
func (c *Compiler) CompileSensitive(stmt expr.Statement, args []any, params ...sql.NamedArg) (text string, out []any, sensitive []int, err error) {
	return c.compile(stmt, args, params)
}

func (c *Compiler) compile(stmt expr.Statement, args []any, params []sql.NamedArg) (text string, out []any, sensitive []int, err error) {
	if c.cache.max <= 0 {
		defer recoverMalformed(&err)
		return c.render(stmt, args, params)
	}
	s := c.states.Get().(*state)
	defer c.finish(s, &err)
	s.reset(false, args, params)
	s.statement(stmt)
	if s.err != nil {
		return "", args, nil, s.err
	}
	if e, ok := c.cache.get(s.shape); ok && e.nargs == len(s.args)-s.base {
		s.hits.Add(1)
		return e.sql, s.args, e.sens, nil
	}
	return c.renderAfterShape(s, stmt)
}

// renderAfterShape is Compile's miss path: the same walk again over s,
// whose shape pass has collected the arguments, writing the SQL, which it
// caches under the shape with the positions of the sensitive arguments.
func (c *Compiler) renderAfterShape(s *state, stmt expr.Statement) (string, []any, []int, error) {
	c.cache.misses.Add(1)
	nargs := len(s.args) - s.base
	s.render, s.countOnly = true, true
	s.sql = s.sql[:0]
	s.depth, s.aliased, s.unqualified, s.nbind = 0, 0, false, 0
	s.sens = s.sens[:0]
	s.statement(stmt)
	if s.err == nil && s.nbind != nargs {
		s.invalid("the statement changed while it was compiled")
	}
	if s.err != nil {
		return "", s.args[:s.base], nil, s.err
	}
	text := string(s.sql)
	sens := s.sensitive()
	c.cache.put(string(s.shape), entry{sql: text, nargs: nargs, sens: sens})
	if cap(s.sql) > 64<<10 {
		s.sql = make([]byte, 0, 256) // do not pin huge buffers in the pool
	}
	return text, s.args, sens, nil
}

// finish is Compile's one deferred call: it releases s and, like
// recoverMalformed, turns a panic in the walk into an *InvalidError.
func (c *Compiler) finish(s *state, err *error) {
	if r := recover(); r != nil {
		*err = malformed(r)
	}
	c.release(s)
}

// render compiles without the cache: one pass writes the SQL and collects
// the arguments.
func (c *Compiler) render(stmt expr.Statement, args []any, params []sql.NamedArg) (string, []any, []int, error) {
	s := c.states.Get().(*state)
	defer c.release(s)
	s.reset(true, args, params)
	s.sql = s.sql[:0]
	s.statement(stmt)
	out := s.args
	if s.err != nil {
		return "", args, nil, s.err
	}
	text := string(s.sql)
	if cap(s.sql) > 64<<10 {
		s.sql = make([]byte, 0, 256) // do not pin huge buffers in the pool
	}
	return text, out, s.sensitive(), nil
}

// AppendSQL renders stmt into dst and its arguments into args, bypassing
// the cache: the caller owns both buffers.
func (c *Compiler) AppendSQL(dst []byte, args []any, stmt expr.Statement, params ...sql.NamedArg) (_ []byte, _ []any, err error) {
	s := c.states.Get().(*state)
	saved := s.sql
	defer func() {
		// Also after a panic: the pooled state must not keep the
		// caller's buffer, which the next compile would write into.
		s.sql = saved
		c.release(s)
	}()
	defer recoverMalformed(&err)
	s.reset(true, args, params)
	s.sql = dst
	s.statement(stmt)
	return s.sql, s.args, s.err
}

// release returns a state to the pool without references to the caller's data.
func (c *Compiler) release(s *state) {
	if cap(s.sens) > 1024 {
		s.sens = nil // do not pin a huge batch's positions in the pool
	}
	clear(s.params)
	s.params = s.params[:0]
	if cap(s.params) > 64 {
		s.params = nil
	}
	s.args = nil
	c.states.Put(s)
}

// recoverMalformed turns a panic in the walk — a hand-built node holding a
// typed nil pointer, say — into an *InvalidError: bad input never crashes
// the caller.
func recoverMalformed(err *error) {
	if r := recover(); r != nil {
		*err = malformed(r)
	}
}

func malformed(r any) error {
	return &InvalidError{Reason: fmt.Sprintf("malformed statement: %v", r)}
}

// CacheStats reports the compiled-statement cache's hits, misses and size.
func (c *Compiler) CacheStats() (hits, misses uint64, size int) {
	c.cache.mu.Lock()
	size = c.cache.len()
	c.cache.mu.Unlock()
	for i := range c.cache.hits {
		hits += c.cache.hits[i].Load()
	}
	return hits, c.cache.misses.Load(), size
}

type entry struct {
	sql   string
	nargs int
	sens  []int // positions of the sensitive arguments; read-only
}

// cache maps statement shapes to rendered SQL. Hits read an immutable map
// through an atomic pointer, without locking; new entries go to a dirty map
// under a mutex and are promoted into a fresh read map once the dirty map
// has been missed in as many times as it has entries (sync.Map's scheme,
// keyed by the shape bytes so that a lookup does not allocate).
type cache struct {
	read   atomic.Pointer[map[string]entry] // immutable once published
	mu     sync.Mutex                       // guards dirty, missed and promotion
	dirty  map[string]entry                 // entries not yet in read
	missed int
	max    int
	// hits is spread over cache lines, and each pooled state counts into
	// one of them: with a single counter, compiling on two cores was
	// slower than on one, the cores taking its line from each other.
	hits      [hitShards]paddedCounter
	nextShard atomic.Uint32
	misses    atomic.Uint64
}

func (c *cache) get(shape []byte) (entry, bool) {
	if m := c.read.Load(); m != nil {
		if e, ok := (*m)[string(shape)]; ok {
			return e, true
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.dirty[string(shape)]
	if len(c.dirty) > 0 {
		c.missed++
		if c.missed >= len(c.dirty) {
			c.promote()
		}
	}
	return e, ok
}

// promote publishes read+dirty as the new read map. c.mu must be held.
func (c *cache) promote() {
	old := c.read.Load()
	n := len(c.dirty)
	if old != nil {
		n += len(*old)
	}
	m := make(map[string]entry, n)
	if old != nil {
		for k, v := range *old {
			m[k] = v
		}
	}
	for k, v := range c.dirty {
		m[k] = v
	}
	c.read.Store(&m)
	c.dirty = make(map[string]entry)
	c.missed = 0
}

func (c *cache) put(shape string, e entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.len() >= c.max {
		c.read.Store(nil) // start over
		clear(c.dirty)
		c.missed = 0
	}
	if c.dirty == nil {
		c.dirty = make(map[string]entry)
	}
	c.dirty[shape] = e
}

// len is the number of entries. c.mu must be held.
func (c *cache) len() int {
	n := len(c.dirty)
	if m := c.read.Load(); m != nil {
		n += len(*m)
	}
	return n
}

// hitShards is the number of hit counters; pooled states are spread over
// them round-robin.
const hitShards = 16

// paddedCounter is a counter alone on its cache line.
type paddedCounter struct {
	atomic.Uint64
	_ [56]byte
}

// hitCounter returns the counter the next new state counts its hits into.
func (c *cache) hitCounter() *atomic.Uint64 {
	return &c.hits[c.nextShard.Add(1)%hitShards].Uint64
}
