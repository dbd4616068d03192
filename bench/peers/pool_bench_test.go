package peers_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/jackc/puddle/v2"

	"github.com/sqlforge/sqlforge/bench/peers"
	"github.com/sqlforge/sqlforge/pool"
	"github.com/sqlforge/sqlforge/pool/fakedriver"
)

// poolSize is the number of resources of every pool in these benchmarks.
const poolSize = 32

var goroutineCounts = []int{1, 8, 64, 256}

// runGoroutines runs b.N calls of op spread over g goroutines, reporting
// cpu-ns/op besides the wall time: on a shared machine the CPU time is
// what moves least with the other work.
func runGoroutines(b *testing.B, g int, op func()) {
	b.ReportAllocs()
	defer cpuMeter(b)()
	var wg sync.WaitGroup
	per, extra := b.N/g, b.N%g
	b.ResetTimer()
	for i := 0; i < g; i++ {
		n := per
		if i < extra {
			n++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < n; j++ {
				op()
			}
		}()
	}
	wg.Wait()
}

type res struct{ id int }

// BenchmarkPoolAcquireRelease measures taking a resource and giving it back.
func BenchmarkPoolAcquireRelease(b *testing.B) {
	ctx := context.Background()
	for _, g := range goroutineCounts {
		b.Run(fmt.Sprintf("impl=chan/g=%d", g), func(b *testing.B) {
			p := peers.NewChanPool(poolSize, func() *res { return &res{} })
			runGoroutines(b, g, func() {
				r, _ := p.Wait(ctx)
				p.Put(r)
			})
		})
		b.Run(fmt.Sprintf("impl=sqlforge/g=%d", g), func(b *testing.B) {
			p, err := pool.New(pool.Config[*res]{
				Open:    func(context.Context) (*res, error) { return &res{}, nil },
				MaxOpen: poolSize,
			})
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close()
			runGoroutines(b, g, func() {
				r, err := p.Acquire(ctx)
				if err != nil {
					panic(err)
				}
				r.Release()
			})
		})
		b.Run(fmt.Sprintf("impl=puddle/g=%d", g), func(b *testing.B) {
			p, err := puddle.NewPool(&puddle.Config[*res]{
				Constructor: func(context.Context) (*res, error) { return &res{}, nil },
				Destructor:  func(*res) {},
				MaxSize:     poolSize,
			})
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close()
			runGoroutines(b, g, func() {
				r, err := p.Acquire(ctx)
				if err != nil {
					panic(err)
				}
				r.Release()
			})
		})
		b.Run(fmt.Sprintf("impl=sqldb/g=%d", g), func(b *testing.B) {
			db := sql.OpenDB(&fakedriver.Connector{})
			defer db.Close()
			db.SetMaxOpenConns(poolSize)
			db.SetMaxIdleConns(poolSize)
			runGoroutines(b, g, func() {
				c, err := db.Conn(ctx)
				if err != nil {
					panic(err)
				}
				c.Close()
			})
		})
		b.Run(fmt.Sprintf("impl=pooldb/g=%d", g), func(b *testing.B) {
			db := pool.OpenDB(&fakedriver.Connector{})
			defer db.Close()
			db.SetMaxOpenConns(poolSize)
			db.SetMaxIdleConns(poolSize)
			runGoroutines(b, g, func() {
				c, err := db.Conn(ctx)
				if err != nil {
					panic(err)
				}
				c.Close()
			})
		})
	}
}

// BenchmarkPoolExecNoop measures ExecContext of a statement the fake driver
// answers without I/O, so only the pool and the database/sql layer count.
func BenchmarkPoolExecNoop(b *testing.B) {
	ctx := context.Background()
	for _, g := range goroutineCounts {
		b.Run(fmt.Sprintf("impl=sqldb/g=%d", g), func(b *testing.B) {
			db := sql.OpenDB(&fakedriver.Connector{})
			defer db.Close()
			db.SetMaxOpenConns(poolSize)
			db.SetMaxIdleConns(poolSize)
			runGoroutines(b, g, func() {
				if _, err := db.ExecContext(ctx, "noop"); err != nil {
					panic(err)
				}
			})
		})
		b.Run(fmt.Sprintf("impl=pooldb/g=%d", g), func(b *testing.B) {
			db := pool.OpenDB(&fakedriver.Connector{})
			defer db.Close()
			db.SetMaxOpenConns(poolSize)
			db.SetMaxIdleConns(poolSize)
			runGoroutines(b, g, func() {
				if _, err := db.ExecContext(ctx, "noop"); err != nil {
					panic(err)
				}
			})
		})
	}
}

func pgDSN() string {
	if d := os.Getenv("SQLFORGE_PG_DSN"); d != "" {
		return d
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// BenchmarkPoolPostgresSelect1 runs SELECT 1 on the real server through
// *pool.DB, *sql.DB, pgxpool and the generic pool over native *pgx.Conn,
// with 8 goroutines.
func BenchmarkPoolPostgresSelect1(b *testing.B) {
	ctx := context.Background()
	probe, err := sql.Open("pgx", pgDSN())
	if err == nil {
		err = probe.PingContext(ctx)
		probe.Close()
	}
	if err != nil {
		if os.Getenv("SQLFORGE_REQUIRE_SERVERS") == "1" {
			b.Fatalf("PostgreSQL unreachable: %v", err)
		}
		b.Skipf("SKIPPING: PostgreSQL unreachable (%v)", err)
	}
	const g, size = 8, 8
	b.Run("impl=sqldb", func(b *testing.B) {
		db, _ := sql.Open("pgx", pgDSN())
		defer db.Close()
		db.SetMaxOpenConns(size)
		db.SetMaxIdleConns(size)
		runGoroutines(b, g, func() {
			var one int
			if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
				panic(err)
			}
		})
	})
	b.Run("impl=pooldb", func(b *testing.B) {
		db, _ := pool.Open("pgx", pgDSN())
		defer db.Close()
		db.SetMaxOpenConns(size)
		db.SetMaxIdleConns(size)
		runGoroutines(b, g, func() {
			var one int
			if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
				panic(err)
			}
		})
	})
	b.Run("impl=sqlforge-pgx", func(b *testing.B) {
		p, err := pool.New(pool.Config[*pgx.Conn]{
			Open:    func(ctx context.Context) (*pgx.Conn, error) { return pgx.Connect(ctx, pgDSN()) },
			Close:   func(c *pgx.Conn) { c.Close(context.Background()) },
			Valid:   func(c *pgx.Conn) bool { return !c.IsClosed() },
			MaxOpen: size,
		})
		if err != nil {
			b.Fatal(err)
		}
		defer p.Close()
		runGoroutines(b, g, func() {
			r, err := p.Acquire(ctx)
			if err != nil {
				panic(err)
			}
			var one int
			if err := r.Value().QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
				panic(err)
			}
			r.Release()
		})
	})
	b.Run("impl=pgxpool", func(b *testing.B) {
		cfg, err := pgxpool.ParseConfig(pgDSN())
		if err != nil {
			b.Fatal(err)
		}
		cfg.MaxConns = size
		p, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			b.Fatal(err)
		}
		defer p.Close()
		runGoroutines(b, g, func() {
			var one int
			if err := p.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
				panic(err)
			}
		})
	})
}
