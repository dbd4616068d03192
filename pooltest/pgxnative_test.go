package pooltest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sqlforge/sqlforge/pool"
)

// TestNativePgx runs the generic pool over native *pgx.Conn values, the way
// the PostgreSQL engine path uses it, including a connection killed
// server-side.
func TestNativePgx(t *testing.T) {
	b := pgBackend(t)
	admin := adminDB(t, b)
	var mu sync.Mutex
	opened, closed := 0, 0
	p, err := pool.New(pool.Config[*pgx.Conn]{
		Open: func(ctx context.Context) (*pgx.Conn, error) {
			c, err := pgx.Connect(ctx, b.dsn)
			if err == nil {
				mu.Lock()
				opened++
				mu.Unlock()
			}
			return c, err
		},
		Close: func(c *pgx.Conn) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			c.Close(ctx)
			mu.Lock()
			closed++
			mu.Unlock()
		},
		Valid:       func(c *pgx.Conn) bool { return !c.IsClosed() },
		MaxOpen:     4,
		MaxLifetime: time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	query := func() error {
		r, err := p.Acquire(ctx)
		if err != nil {
			return err
		}
		var n int
		err = r.Value().QueryRow(ctx, "SELECT $1::int + 1", 41).Scan(&n)
		if err == nil && n != 42 {
			t.Errorf("SELECT 41 + 1 = %d", n)
		}
		r.Release() // Valid drops the connection if pgx closed it
		return err
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if err := query(); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if st := p.Stats(); st.Open > 4 || st.InUse != 0 {
		t.Fatalf("stats %+v; want at most 4 open, none in use", st)
	}
	if err := killAll(ctx, admin, b); err != nil {
		t.Fatal(err)
	}
	ok := 0
	for i := 0; i < 20 && ok < 5; i++ {
		if query() == nil {
			ok++
		} else {
			ok = 0
		}
	}
	if ok < 5 {
		t.Fatal("native pool did not recover after its connections were killed")
	}
	p.Close()
	mu.Lock()
	defer mu.Unlock()
	if opened != closed {
		t.Fatalf("%d connections opened, %d closed", opened, closed)
	}
	waitServerConns(t, admin, b, 0)
}
