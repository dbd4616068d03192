package sqlitedialect

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
)

// settings are this module's own Open settings.
type settings struct {
	busyTimeout time.Duration
	journal     string
}

// WithBusyTimeout sets how long a connection waits for another's lock
// before failing with engine.ErrLockTimeout (default 5s).
func WithBusyTimeout(d time.Duration) engine.OpenOption {
	return engine.DriverOption(func(s *settings) { s.busyTimeout = d })
}

// WithJournalMode sets the journal mode of a database file: "WAL" (the
// default), "DELETE", "TRUNCATE", "PERSIST", "MEMORY" or "OFF".
func WithJournalMode(mode string) engine.OpenOption {
	return engine.DriverOption(func(s *settings) { s.journal = strings.ToUpper(mode) })
}

// WithDBConfig lets fn adjust the *sql.DB (pool sizes, lifetimes). Open
// has set its connection limit to engine.DefaultMaxConns, the connection
// it keeps for the engine's life included.
func WithDBConfig(fn func(*sql.DB)) engine.OpenOption { return engine.DriverOption(fn) }

var journalModes = map[string]bool{"WAL": true, "DELETE": true, "TRUNCATE": true, "PERSIST": true, "MEMORY": true, "OFF": true}

// Open opens a SQLite database and returns an Engine with this dialect and
// its Classifier. opts are engine options (an engine.Option is an
// engine.OpenOption) and this module's WithBusyTimeout, WithJournalMode
// and WithDBConfig.
//
// dsn is a file name, a "file:" URI (mattn/go-sqlite3 parameters are
// kept), or "" or ":memory:" for a new in-memory database. Unless the DSN
// says otherwise, foreign keys are enforced, a busy connection waits 5s
// for a lock, files use the WAL journal, and each connection keeps its
// 64 most recent compiled statements (_stmt_cache_size), so a repeated
// statement is not compiled again. The pool opens at most
// engine.DefaultMaxConns connections (database/sql alone has no limit),
// one of which Open keeps for the engine's life. An in-memory database is
// shared by all of the engine's pooled connections (SQLite's memdb VFS)
// and lives until the engine is closed; every Open of "" is a new one.
//
// SQLite has no passwords, network or roles: Open refuses a password
// source, and engine.WithRoleCheck fails with engine.ErrNoRoles. The
// password of the driver's user authentication (_auth_pass) is kept out
// of Open's errors, and parameters that do not parse are refused with
// engine.ErrInvalidDSN.
//
// SQLite has no read-only transactions of its own: the engine's source
// makes a TxOptions.ReadOnly transaction refuse writes with
// PRAGMA query_only.
func Open(ctx context.Context, dsn string, opts ...engine.OpenOption) (*engine.Engine, error) {
	return engine.Open(ctx, dsn, &openDriver{}, opts...)
}

// openDriver is Open's engine.Driver: mattn/go-sqlite3 under database/sql.
type openDriver struct {
	Classifier
	name string          // DSN with the defaults, for sql.Open
	db   []func(*sql.DB) // WithDBConfig
}

func (d *openDriver) Parse(dsn string, c *engine.OpenConfig) ([]engine.Endpoint, error) {
	set := settings{busyTimeout: 5 * time.Second, journal: "WAL"}
	engine.ApplyDriverOptions(c, &set)
	d.db = engine.DriverOptions[*sql.DB](c)
	if !journalModes[set.journal] {
		return nil, fmt.Errorf("sqlitedialect: unknown journal mode %q", set.journal)
	}
	if c.Password() != nil {
		return nil, errors.New("sqlitedialect: SQLite takes no password")
	}
	recordSecrets(dsn, c)
	memory := dsn == "" || dsn == ":memory:"
	name, params := dsn, url.Values{}
	if memory {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		name = "file:/sqlforge-" + hex.EncodeToString(b[:])
		params.Set("vfs", "memdb")
	} else if strings.HasPrefix(dsn, "file:") {
		if i := strings.IndexByte(dsn, '?'); i >= 0 {
			q, err := url.ParseQuery(dsn[i+1:])
			if err != nil {
				// The error quotes a piece of the parameters.
				return nil, engine.InvalidDSN("sqlitedialect: the DSN's parameters do not parse", err,
					"invalid semicolon separator in query", "invalid URL escape")
			}
			name, params = dsn[:i], q
		}
	} else {
		name = "file:" + dsn
	}
	setDefault(params, "_foreign_keys", "1", "_fk")
	// SQLite compiles every statement it is given; a per-connection cache
	// of compiled statements makes a repeated statement — every ORM
	// statement, and every batch of a bulk insert — skip that step.
	setDefault(params, "_stmt_cache_size", strconv.Itoa(stmtCacheSize), "_stmt_cache_size")
	setDefault(params, "_busy_timeout", strconv.FormatInt(set.busyTimeout.Milliseconds(), 10), "_timeout")
	if !memory {
		setDefault(params, "_journal_mode", set.journal, "_journal")
	}
	d.name = name + "?" + params.Encode()
	return nil, nil
}

// recordSecrets records the password of mattn/go-sqlite3's user
// authentication (_auth_pass), as written and decoded, for the redaction
// of Open's errors; it reads the parameters as the driver does, after the
// DSN's first "?", also of a DSN whose parameters do not parse.
func recordSecrets(dsn string, c *engine.OpenConfig) {
	_, query, ok := strings.Cut(dsn, "?")
	if !ok {
		return
	}
	for p := range strings.SplitSeq(query, "&") {
		k, v, _ := strings.Cut(p, "=")
		if k, err := url.QueryUnescape(k); err != nil || k != "_auth_pass" {
			continue
		}
		c.AddSecret(v)
		if dec, err := url.QueryUnescape(v); err == nil {
			c.AddSecret(dec)
		}
	}
}

// stmtCacheSize is the compiled statements kept per connection.
const stmtCacheSize = 64

func (d *openDriver) Connect(ctx context.Context, c *engine.OpenConfig) (engine.Source, compile.Dialect, error) {
	db, err := sql.Open("sqlite3", d.name)
	if err != nil {
		return nil, nil, err
	}
	db.SetMaxOpenConns(engine.DefaultMaxConns())
	for _, fn := range d.db {
		fn(db)
	}
	src := &source{Source: engine.SQLDB(db)}
	// The first connection is kept for the engine's life: it checks the
	// DSN and keeps an in-memory database alive.
	if src.keeper, err = db.Conn(ctx); err == nil {
		err = src.keeper.PingContext(ctx)
	}
	if err != nil {
		src.Close()
		return nil, nil, fmt.Errorf("sqlitedialect: open: %w", err)
	}
	return src, New(), nil
}

// setDefault sets key to v unless key or its alias is present.
func setDefault(q url.Values, key, v, alias string) {
	if q.Has(key) || q.Has(alias) {
		return
	}
	q.Set(key, v)
}

// source is engine.SQLDB with a kept connection and read-only
// transactions.
type source struct {
	engine.Source
	keeper *sql.Conn
}

func (s *source) Close() error {
	if s.keeper != nil {
		s.keeper.Close()
	}
	return s.Source.Close()
}

func (s *source) Begin(ctx context.Context, opts engine.TxOptions) (engine.SourceTx, error) {
	tx, err := s.Source.Begin(ctx, opts)
	if err != nil || !opts.ReadOnly {
		return tx, err
	}
	if _, err := tx.Exec(ctx, "PRAGMA query_only = 1", nil); err != nil {
		tx.Rollback(ctx)
		return nil, err
	}
	return &readOnlyTx{SourceTx: tx}, nil
}

// readOnlyTx turns query_only off again before the connection goes back
// to the pool.
type readOnlyTx struct{ engine.SourceTx }

func (t *readOnlyTx) Commit(ctx context.Context) error {
	if _, err := t.Exec(ctx, "PRAGMA query_only = 0", nil); err != nil {
		t.SourceTx.Rollback(ctx)
		return err
	}
	return t.SourceTx.Commit(ctx)
}

func (t *readOnlyTx) Rollback(ctx context.Context) error {
	_, perr := t.Exec(context.WithoutCancel(ctx), "PRAGMA query_only = 0", nil)
	err := t.SourceTx.Rollback(ctx)
	if err == nil {
		err = perr
	}
	return err
}

// Ping checks the database through the pool.
func (s *source) Ping(ctx context.Context) error {
	if p, ok := s.Source.(engine.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}
