package pgdialect

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlforge/sqlforge/engine"
)

// Behind a connection pooler in transaction mode (PgBouncer's
// pool_mode=transaction) a client holds a server connection for one
// transaction, or for one round trip outside a transaction; the next
// round trip may run on another server connection, which other clients
// used in between. pgx's query exec modes differ in what they leave on
// a server connection from one round trip to the next:
//
//   - cache_statement (pgx's default) prepares a named statement once
//     and runs it by name afterwards: on another server connection the
//     name is unknown, or another client prepared it there already.
//   - describe_exec describes a statement as the unnamed statement in
//     one round trip and binds the values to "the unnamed statement" in
//     the next: on a shared server connection that may be another
//     client's, run with this client's values.
//   - cache_describe, exec and simple_protocol send each statement's text
//     with its values in one round trip (cache_describe after a first
//     round trip that only reads the statement's parameter and result
//     types, which are the same on every server connection to the same
//     database): safe.
//
// Open refuses the first two behind a pooler with engine.ErrPoolerUnsafe,
// and uses cache_describe there when the DSN and WithPoolConfig choose no
// mode.

// poolerSetting says how Open learns whether the server is a transaction
// pooler.
type poolerSetting int

const (
	poolerDetect   poolerSetting = iota // find out at Open (the default)
	poolerDeclared                      // BehindPooler, or sqlforge_pooler=transaction
	poolerNone                          // sqlforge_pooler=none: no pooler, no check
)

// poolerDSNKey is the DSN setting that declares a pooler (transaction)
// or its absence (none). Open takes it out of the settings pgx would
// send to the server, which would refuse an unknown one.
const poolerDSNKey = "sqlforge_pooler"

// BehindPooler tells Open that the DSN reaches PostgreSQL through a
// connection pooler in transaction mode (PgBouncer with
// pool_mode=transaction, and poolers like it), so that Open needs not
// find out (see Open) and refuses an unsafe query exec mode before it
// connects. The DSN setting sqlforge_pooler=transaction does the same.
func BehindPooler() engine.OpenOption {
	return engine.DriverOption(func(s *poolerSetting) { *s = poolerDeclared })
}

// PoolerInfo is what Open found out about a pooler, and the query exec
// mode it chose.
type PoolerInfo struct {
	// Behind is true when Open runs the pool as behind a transaction
	// pooler.
	Behind bool
	// Detected is true when Open found the pooler, false when it was
	// declared (BehindPooler, sqlforge_pooler) or there is none.
	Detected bool
	// Mode is the pool's query exec mode.
	Mode pgx.QueryExecMode
}

// Pooler returns what Open found out about a pooler in front of e's
// server; ok is false for an engine that Open did not make.
func Pooler(e *engine.Engine) (info PoolerInfo, ok bool) {
	s, ok := e.Source().(*poolSource)
	if !ok || !s.opened {
		return PoolerInfo{}, false
	}
	return s.pooler, true
}

// pooler is the pooler part of Open's driver.
type pooler struct {
	setting poolerSetting
	// explicit: the DSN's default_query_exec_mode or WithPoolConfig chose
	// the mode, which Open then never changes.
	explicit bool
}

// parse reads the pooler settings of dsn and opts into p, and takes
// sqlforge_pooler out of cfg's run-time parameters. before is the mode
// cfg had before WithPoolConfig ran.
func (p *pooler) parse(dsn string, cfg *pgxpool.Config, before pgx.QueryExecMode, c *engine.OpenConfig) error {
	engine.ApplyDriverOptions(c, &p.setting)
	params := cfg.ConnConfig.RuntimeParams
	if v, ok := params[poolerDSNKey]; ok {
		delete(params, poolerDSNKey)
		switch v {
		case "transaction":
			p.setting = poolerDeclared
		case "none":
			if p.setting != poolerDeclared {
				p.setting = poolerNone
			}
		default:
			return engine.InvalidDSN("pgdialect: sqlforge_pooler must be transaction or none", nil)
		}
	}
	_, inDSN := dsnSettings(dsn)["default_query_exec_mode"]
	p.explicit = inDSN || cfg.ConnConfig.DefaultQueryExecMode != before
	if p.setting == poolerDeclared {
		return p.choose(cfg)
	}
	return nil
}

// choose sets cfg's query exec mode for a pooler, or refuses the one
// chosen explicitly.
func (p *pooler) choose(cfg *pgxpool.Config) error {
	cc := cfg.ConnConfig
	switch cc.DefaultQueryExecMode {
	case pgx.QueryExecModeCacheDescribe, pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol:
		return nil
	case pgx.QueryExecModeCacheStatement:
		if !p.explicit {
			cc.DefaultQueryExecMode = pgx.QueryExecModeCacheDescribe
			return nil
		}
	}
	return fmt.Errorf("%w: pgdialect: query exec mode %q keeps statements on the server connection between round trips; "+
		"behind a transaction pooler use default_query_exec_mode=cache_describe, exec or simple_protocol",
		engine.ErrPoolerUnsafe, modeName(cc.DefaultQueryExecMode))
}

// connect makes the pool of Open, finding out first, unless the pooler
// was declared or denied, whether the server is a pooler: then it
// chooses the mode and makes the pool again when the mode changes.
func (p *pooler) connect(ctx context.Context, cfg *pgxpool.Config) (*pgxpool.Pool, PoolerInfo, error) {
	info := PoolerInfo{Behind: p.setting == poolerDeclared}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil || p.setting != poolerDetect {
		info.Mode = cfg.ConnConfig.DefaultQueryExecMode
		return pool, info, err
	}
	behind, err := behindPooler(ctx, pool)
	if err != nil {
		pool.Close()
		return nil, info, err
	}
	info.Behind, info.Detected = behind, behind
	if behind {
		old := cfg.ConnConfig.DefaultQueryExecMode
		if err := p.choose(cfg); err != nil {
			pool.Close()
			return nil, info, err
		}
		if cfg.ConnConfig.DefaultQueryExecMode != old {
			pool.Close()
			if pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
				return nil, info, err
			}
		}
	}
	info.Mode = cfg.ConnConfig.DefaultQueryExecMode
	return pool, info, nil
}

// behindPooler reports whether a connection of pool reaches PostgreSQL
// through a pooler: the process ID in the cancel key the server sent when
// the connection was made (BackendKeyData) is not that of the backend
// running the session. PostgreSQL sends its backend's own. A pooler that
// moves a client between server connections must answer the client's
// cancel requests itself, so it sends a key of its own (PgBouncer a
// random one). The query goes over the simple protocol, safe on any
// pooler.
func behindPooler(ctx context.Context, pool *pgxpool.Pool) (bool, error) {
	c, err := pool.Acquire(ctx)
	if err != nil {
		return false, err
	}
	defer c.Release()
	var pid int64
	if err := c.QueryRow(ctx, "SELECT pg_backend_pid()", pgx.QueryExecModeSimpleProtocol).Scan(&pid); err != nil {
		return false, err
	}
	return uint32(pid) != c.Conn().PgConn().PID(), nil
}

// modeName is a mode as default_query_exec_mode spells it.
func modeName(m pgx.QueryExecMode) string {
	switch m {
	case pgx.QueryExecModeCacheStatement:
		return "cache_statement"
	case pgx.QueryExecModeCacheDescribe:
		return "cache_describe"
	case pgx.QueryExecModeDescribeExec:
		return "describe_exec"
	case pgx.QueryExecModeExec:
		return "exec"
	case pgx.QueryExecModeSimpleProtocol:
		return "simple_protocol"
	}
	return m.String()
}
