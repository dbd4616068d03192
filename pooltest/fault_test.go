package pooltest

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/pool"
)

// serverConns counts the backend's server-side connections of this test.
func serverConns(ctx context.Context, admin *sql.DB, b backend) (int, error) {
	var n int
	var err error
	if b.name == "postgres" {
		err = admin.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = $1", b.tag).Scan(&n)
	} else {
		err = admin.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()", b.tag).Scan(&n)
	}
	return n, err
}

// killAll terminates every server-side connection of this test.
func killAll(ctx context.Context, admin *sql.DB, b backend) error {
	if b.name == "postgres" {
		_, err := admin.ExecContext(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", b.tag)
		return err
	}
	rows, err := admin.QueryContext(ctx, "SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()", b.tag)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		admin.ExecContext(ctx, "KILL "+strconv.FormatInt(id, 10)) // the connection may be gone already
	}
	return nil
}

// adminDB opens a plain database/sql handle that is not counted as the
// test's connections.
func adminDB(t *testing.T, b backend) *sql.DB {
	t.Helper()
	dsn := pgBaseDSN()
	if b.name == "mariadb" {
		dsn = mysqlBaseDSN()
	}
	admin, err := sql.Open(b.driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	admin.SetMaxOpenConns(2)
	t.Cleanup(func() { admin.Close() })
	return admin
}

func serverBackends(t *testing.T, f func(t *testing.T, b backend)) {
	for _, mk := range []struct {
		name string
		mk   func(*testing.T) backend
	}{{"postgres", pgBackend}, {"mariadb", mysqlBackend}} {
		t.Run(mk.name, func(t *testing.T) {
			t.Parallel()
			f(t, mk.mk(t))
		})
	}
}

// waitServerConns polls until the server has at most max connections of
// the test, failing after a generous bound.
func waitServerConns(t *testing.T, admin *sql.DB, b backend, max int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; ; i++ {
		n, err := serverConns(ctx, admin, b)
		if err != nil {
			t.Fatal(err)
		}
		if n <= max {
			return
		}
		if i == 400 {
			t.Fatalf("server still has %d connections of this test; want at most %d", n, max)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

const maxOpen = 6

func TestServerKillsUnderLoad(t *testing.T) {
	serverBackends(t, func(t *testing.T, b backend) {
		admin := adminDB(t, b)
		db, err := pool.Open(b.driver, b.dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		db.SetMaxOpenConns(maxOpen)
		db.SetMaxIdleConns(maxOpen)

		stop := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		failures := 0
		for g := 0; g < 2*maxOpen; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 150; i++ {
					ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
					var one int
					err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
					if err == nil && g%3 == 0 {
						err = inTx(ctx, db)
					}
					hung := ctx.Err() != nil
					cancel()
					if hung {
						t.Errorf("an operation was still blocked after 20s: %v", err)
						return
					}
					if err != nil {
						mu.Lock()
						failures++
						mu.Unlock()
					}
				}
			}()
		}
		killerDone := make(chan struct{})
		go func() {
			defer close(killerDone)
			for i := 0; i < 15; i++ {
				select {
				case <-stop:
					return
				default:
				}
				killAll(context.Background(), admin, b)
				time.Sleep(10 * time.Millisecond)
			}
		}()
		wg.Wait() // every worker finishes: no acquirer hangs
		close(stop)
		<-killerDone
		t.Logf("%d operations failed while connections were killed", failures)

		// The pool recovers: dead connections fail at most once each.
		ok := 0
		for i := 0; i < 50 && ok < 10; i++ {
			var one int
			if err := db.QueryRowContext(context.Background(), "SELECT 1").Scan(&one); err == nil {
				ok++
			} else {
				ok = 0
			}
		}
		if ok < 10 {
			t.Fatal("pool did not recover after the kills")
		}
		st := db.Stats()
		if st.InUse != 0 || st.OpenConnections > maxOpen {
			t.Fatalf("stats %+v; want nothing in use and at most %d open", st, maxOpen)
		}
		waitServerConns(t, admin, b, maxOpen)
		db.Close()
		waitServerConns(t, admin, b, 0)
	})
}

func inTx(ctx context.Context, db *pool.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	var one int
	if err := tx.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// stressOps is the number of operations of the cancellation stress test:
// SQLFORGE_STRESS_OPS, or a default that fits CI's time budget. PostgreSQL
// gets fewer: pgx closes a connection whose query is canceled, and opening
// a PostgreSQL connection (a server process) costs milliseconds, so its
// operations are about forty times slower than MariaDB's here.
func stressOps(t *testing.T, b backend) int {
	if s := os.Getenv("SQLFORGE_STRESS_OPS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("SQLFORGE_STRESS_OPS=%q: %v", s, err)
		}
		return n
	}
	switch {
	case testing.Short():
		return 400
	case b.name == "postgres":
		return 2000
	}
	return 20000
}

// TestRandomCancellations runs operations with contexts canceled at random
// points and checks that no connection leaks, in Stats and on the server.
func TestRandomCancellations(t *testing.T) {
	serverBackends(t, func(t *testing.T, b backend) {
		admin := adminDB(t, b)
		db, err := pool.Open(b.driver, b.dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		db.SetMaxOpenConns(maxOpen)
		db.SetMaxIdleConns(maxOpen)
		total := stressOps(t, b)
		const workers = 8
		var wg sync.WaitGroup
		for g := 0; g < workers; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(g), 42))
				for i := 0; i < total/workers; i++ {
					randomOp(db, rng)
				}
			}()
		}
		wg.Wait()
		// A canceled transaction's connection is returned by a goroutine
		// of its own (as in database/sql), possibly after the operation.
		waitIdle(t, db)
		st := db.Stats()
		if st.InUse != 0 || st.OpenConnections > maxOpen {
			t.Fatalf("stats after %d operations %+v; want nothing in use, at most %d open", total, st, maxOpen)
		}
		waitServerConns(t, admin, b, maxOpen)
		db.Close()
		waitServerConns(t, admin, b, 0)
	})
}

func randomOp(db *pool.DB, rng *rand.Rand) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	switch rng.IntN(4) {
	case 0:
		cancel()
	case 1:
		t := time.AfterFunc(time.Duration(rng.IntN(300))*time.Microsecond, cancel)
		defer t.Stop()
	case 2:
		var c context.CancelFunc
		ctx, c = context.WithTimeout(ctx, time.Duration(rng.IntN(2000))*time.Microsecond)
		defer c()
	}
	switch rng.IntN(5) {
	case 0:
		db.ExecContext(ctx, "SELECT 1")
	case 1:
		rows, err := db.QueryContext(ctx, "SELECT 1 UNION ALL SELECT 2")
		if err == nil {
			for rows.Next() {
			}
			if rng.IntN(2) == 0 {
				rows.Close()
			}
			// Otherwise the rows are left to reading to the end, which closes them.
		}
	case 2:
		var v int
		db.QueryRowContext(ctx, "SELECT 1").Scan(&v)
	case 3:
		if tx, err := db.BeginTx(ctx, nil); err == nil {
			tx.ExecContext(ctx, "SELECT 1")
			if rng.IntN(2) == 0 {
				tx.Commit()
			} else {
				tx.Rollback()
			}
		}
	case 4:
		if c, err := db.Conn(ctx); err == nil {
			c.ExecContext(ctx, "SELECT 1")
			c.Close()
		}
	}
}

// waitIdle polls until no connection is in use, failing after 30 seconds.
func waitIdle(t *testing.T, db *pool.DB) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for db.Stats().InUse != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("a connection is still in use 30 s after the operations ended: %+v", db.Stats())
		}
		time.Sleep(100 * time.Microsecond)
	}
}
