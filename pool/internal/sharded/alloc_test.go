//go:build !race

package sharded

import (
	"context"
	"testing"
)

func TestAcquireReleaseAllocs(t *testing.T) {
	var c counter
	p := newPool(t, c.config(4))
	ctx := context.Background()
	r, _ := p.Acquire(ctx)
	r.Release()
	allocs := testing.AllocsPerRun(1000, func() {
		r, err := p.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		r.Release()
	})
	if allocs != 0 {
		t.Fatalf("Acquire+Release allocates %v times; want 0", allocs)
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	allocs = testing.AllocsPerRun(1000, func() {
		r, err := p.Acquire(cctx)
		if err != nil {
			t.Fatal(err)
		}
		r.Release()
	})
	if allocs != 0 {
		t.Fatalf("Acquire+Release with a cancelable context allocates %v times; want 0", allocs)
	}
}
