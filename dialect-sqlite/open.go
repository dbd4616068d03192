package sqlitedialect

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/sqlforge/sqlforge/engine"
)

// Option configures Open.
type Option interface{ apply(*openConfig) }

type optionFunc func(*openConfig)

func (f optionFunc) apply(c *openConfig) { f(c) }

type openConfig struct {
	engineOpts  []engine.Option
	busyTimeout time.Duration
	journal     string
	db          []func(*sql.DB)
}

// WithEngineOptions passes options to engine.New.
func WithEngineOptions(opts ...engine.Option) Option {
	return optionFunc(func(c *openConfig) { c.engineOpts = append(c.engineOpts, opts...) })
}

// WithBusyTimeout sets how long a connection waits for another's lock
// before failing with engine.ErrLockTimeout (default 5s).
func WithBusyTimeout(d time.Duration) Option {
	return optionFunc(func(c *openConfig) { c.busyTimeout = d })
}

// WithJournalMode sets the journal mode of a database file: "WAL" (the
// default), "DELETE", "TRUNCATE", "PERSIST", "MEMORY" or "OFF".
func WithJournalMode(mode string) Option {
	return optionFunc(func(c *openConfig) { c.journal = strings.ToUpper(mode) })
}

// WithDBConfig lets fn adjust the *sql.DB (pool sizes, lifetimes).
func WithDBConfig(fn func(*sql.DB)) Option {
	return optionFunc(func(c *openConfig) { c.db = append(c.db, fn) })
}

var journalModes = map[string]bool{"WAL": true, "DELETE": true, "TRUNCATE": true, "PERSIST": true, "MEMORY": true, "OFF": true}

// Open opens a SQLite database and returns an Engine with this dialect and
// its Classifier.
//
// dsn is a file name, a "file:" URI (mattn/go-sqlite3 parameters are
// kept), or "" or ":memory:" for a new in-memory database. Unless the DSN
// says otherwise, foreign keys are enforced, a busy connection waits 5s
// for a lock, and files use the WAL journal. An in-memory database is
// shared by all of the engine's pooled connections (SQLite's memdb VFS)
// and lives until the engine is closed; every Open of "" is a new one.
//
// SQLite has no read-only transactions of its own: the engine's source
// makes a TxOptions.ReadOnly transaction refuse writes with
// PRAGMA query_only.
func Open(ctx context.Context, dsn string, opts ...Option) (*engine.Engine, error) {
	oc := openConfig{busyTimeout: 5 * time.Second, journal: "WAL"}
	for _, o := range opts {
		o.apply(&oc)
	}
	if !journalModes[oc.journal] {
		return nil, fmt.Errorf("sqlitedialect: unknown journal mode %q", oc.journal)
	}
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
				return nil, fmt.Errorf("sqlitedialect: DSN parameters: %w", err)
			}
			name, params = dsn[:i], q
		}
	} else {
		name = "file:" + dsn
	}
	setDefault(params, "_foreign_keys", "1", "_fk")
	setDefault(params, "_busy_timeout", strconv.FormatInt(oc.busyTimeout.Milliseconds(), 10), "_timeout")
	if !memory {
		setDefault(params, "_journal_mode", oc.journal, "_journal")
	}
	db, err := sql.Open("sqlite3", name+"?"+params.Encode())
	if err != nil {
		return nil, err
	}
	for _, fn := range oc.db {
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
		return nil, fmt.Errorf("sqlitedialect: open: %w", err)
	}
	e, err := engine.New(src, New(), append([]engine.Option{engine.WithClassifier(Classifier{})}, oc.engineOpts...)...)
	if err != nil {
		src.Close()
		return nil, err
	}
	return e, nil
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
