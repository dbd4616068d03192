package peers_test

import (
	"context"
	"testing"

	"github.com/sqlforge/sqlforge/unitofwork"
)

// BenchmarkSessionGet is unitofwork.Get of an object the session already
// holds: a lookup in the identity map, no SQL (SQLite only, since no
// statement is sent). impl=map is the limit, a map[int64]*sessionModel
// lookup. The key is boxed once, outside the loop (see the note in
// unitofwork/alloc_test.go).
func BenchmarkSessionGet(b *testing.B) {
	ctx := context.Background()
	d := openSessionSQLite(b)
	want := seedSession(b, d, 1)[0]
	b.Run("impl=sqlforge", func(b *testing.B) {
		s := unitofwork.New(d.e, sessionModels.Registry())
		defer s.Close()
		held, err := unitofwork.Get[sessionModel](ctx, s, want.ID) // loads it
		if err != nil {
			b.Fatal(err)
		}
		var key any = want.ID
		b.ReportAllocs()
		for b.Loop() {
			m, err := unitofwork.Get[sessionModel](ctx, s, key)
			if err != nil || m != held {
				b.Fatalf("Get = %p, %v; want the held %p", m, err, held)
			}
		}
	})
	b.Run("impl=map", func(b *testing.B) {
		held := map[int64]*sessionModel{want.ID: want}
		b.ReportAllocs()
		for b.Loop() {
			if m := held[want.ID]; m != want {
				b.Fatal("lost")
			}
		}
	})
}
