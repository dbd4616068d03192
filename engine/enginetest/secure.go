package enginetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// SecureEnv describes a database opened the way an application opens it
// when it gives no options, for RunSecureDefaults.
type SecureEnv struct {
	// Env.Open must open the database with the defaults under test: the
	// dialect module's Open where the engine is made by one, with no
	// options but those the suite passes (hooks to observe it).
	Env
	// Running reports whether the server session id (see Env.ConnID) is
	// running a statement; nil where there is no server (SQLite).
	Running func(ctx context.Context, id int64) (bool, error)
	// Pool returns the statistics of e's pool; nil where the application
	// makes the pool (an engine over its own *sql.DB), so that no default
	// of sqlforge's applies.
	Pool func(e *engine.Engine) PoolStats
	// OpenDSN is the dialect module's Open; nil where the engine is made
	// from a pool the application built, where Open's policy (TLS,
	// credentials in DSNs) is not involved.
	OpenDSN OpenDSNFunc
	// SecretDSN returns a DSN holding SentinelPassword that Open accepts
	// (the account has that password, or the server ignores it).
	SecretDSN func(t *testing.T) string
	// FailingDSN returns a DSN holding SentinelPassword that parses but
	// fails to open (a closed port, a missing directory).
	FailingDSN func(t *testing.T) string
	// Remote, where set, checks the TLS policy for hosts that are not
	// local against the real server.
	Remote *RemoteEnv
}

// RemoteEnv gives DSNs for a server reached at an address the TLS policy
// counts as remote.
type RemoteEnv struct {
	// Server is the server's own address, "127.0.0.1:5432".
	Server string
	// DSN returns a DSN for the server at addr ("127.0.0.2:40001") that
	// says nothing about TLS.
	DSN func(addr string) string
	// PlainDSN returns a DSN for the server at addr that turns TLS off.
	PlainDSN func(addr string) string
}

// RunSecureDefaults checks every default that docs/security.md promises,
// on an engine opened without options: each subtest names the row of the
// table it checks.
func RunSecureDefaults(t *testing.T, env SecureEnv) {
	for _, row := range []struct {
		name string
		na   string // why the row does not apply here, if it does not
		run  func(*testing.T, SecureEnv)
	}{
		{"row 8 statement caps", "", secureStatementCaps},
		// The default engine, observed only through hooks: the sentinel
		// values the servers quote in errors reach no hook and no log.
		{"row 10 values hidden from hooks and logs", "", func(t *testing.T, env SecureEnv) { RunErrorText(t, env.Env) }},
		{"row 11 credentials redacted", notIf(env.OpenDSN == nil, "the engine is made from the application's pool and holds no DSN"), secureRedaction},
		{"row 12 verified TLS to remote hosts", notIf(env.Remote == nil, "no network, or the application's pool: Open's TLS policy is not involved"), secureTLS},
		{"row 14 bounded pool", notIf(env.Pool == nil, "the application's pool keeps its own limits"), securePool},
		{"row 18 timed-out statement ends on the server", "", secureTimeout},
	} {
		t.Run(row.name, func(t *testing.T) {
			if row.na != "" {
				t.Logf("%s: not applicable: %s", env.Name, row.na)
				return
			}
			t.Parallel()
			row.run(t, env)
		})
	}
}

// notIf returns reason when cond holds.
func notIf(cond bool, reason string) string {
	if cond {
		return reason
	}
	return ""
}

// secureRedaction checks row 11: the password of a DSN shows nowhere, in
// Open's error for a DSN that fails, in the engine of one that opens, in
// a transaction, a statement's error or the engine's log.
func secureRedaction(t *testing.T, env SecureEnv) {
	ctx := testContext(t)
	secrets := NewSecretChecker(t)
	if e, err := env.OpenDSN(ctx, env.FailingDSN(t)); err == nil {
		e.Close()
		t.Errorf("%s: row 11: Open of a DSN that cannot connect succeeded", env.Name)
	} else {
		secrets.Check("Open error", err)
	}
	e, err := env.OpenDSN(ctx, env.SecretDSN(t), engine.WithHooks(engine.NewLogHook(secrets.Logger, engine.LogOptions{})))
	if err != nil {
		t.Fatalf("%s: row 11: Open with a password: %v", env.Name, err)
	}
	defer e.Close()
	secrets.Check("engine", e)
	tx, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	secrets.Check("transaction", tx)
	if _, err := tx.Exec(ctx, expr.Text("SELECT no_such_column FROM no_such_table")); err == nil {
		t.Errorf("%s: a statement on a missing table succeeded", env.Name)
	} else {
		secrets.Check("statement error", err)
	}
	tx.Rollback(ctx)
	secrets.Done()
}

// secureTimeout checks row 18: a statement whose timeout passes fails with
// ErrStatementTimeout and no longer runs on the server, even while what it
// waits for (a row lock another transaction holds) is still there.
func secureTimeout(t *testing.T, env SecureEnv) {
	e, ctx := setup(t, env.Env)
	if env.Running == nil {
		// In-process (SQLite): the call returns once the statement is
		// interrupted.
		if _, err := e.Exec(engine.Timeout(ctx, 50*time.Millisecond), env.Sleep); !errors.Is(err, engine.ErrStatementTimeout) {
			t.Errorf("%s: row 18: %v; want ErrStatementTimeout", env.Name, err)
		}
		return
	}
	bump := expr.Update(counters).Set(counters.C("n"), counters.C("n").Add(1)).Where(counters.C("id").Eq(1))
	holder, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback(ctx)
	mustExec(t, ctx, holder, bump)
	tx, err := e.Begin(ctx, engine.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	id, err := engine.Scalar[int64](ctx, tx, env.ConnID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(engine.Timeout(ctx, 300*time.Millisecond), bump); !errors.Is(err, engine.ErrStatementTimeout) {
		t.Fatalf("%s: row 18: a statement waiting for a lock: %v; want ErrStatementTimeout", env.Name, err)
	}
	// Bounded poll: ending a statement on the server takes a round trip
	// to a side connection; the lock stays held throughout.
	for deadline := time.Now().Add(15 * time.Second); ; {
		running, err := env.Running(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !running {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: row 18: session %d still runs the timed-out statement on the server", env.Name, id)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
