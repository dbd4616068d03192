package unitofworktest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// Sessions on different goroutines share one engine: each writes and
// reads its own objects, and the race detector sees no shared state.
func TestSessionsShareEngine(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *testDB) {
		sc := newSchema(t, d)
		ctx := timeout(t)
		const workers, each = 4, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := sc.session(d)
				defer s.Close()
				for i := range each {
					org := &Org{Name: fmt.Sprintf("w%d-%d", w, i), Users: []*User{{Email: fmt.Sprintf("u%d-%d@x", w, i)}}}
					if err := s.Add(org); err != nil {
						errs <- err
						return
					}
					if err := s.Commit(ctx); err != nil {
						errs <- err
						return
					}
					got, err := unitofwork.Get[Org](ctx, s, org.ID)
					if err != nil || got != org {
						errs <- fmt.Errorf("Get %d: %p %v, want %p", org.ID, got, err, org)
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if n := countRows(t, d, sc.Orgs.Table); n != workers*each {
			t.Errorf("%d orgs, want %d", n, workers*each)
		}
	})
}
