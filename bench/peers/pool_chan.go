// Package peers holds the benchmarks that compare sqlforge with other Go
// libraries; its dependencies never reach the product modules.
package peers

import "context"

// ChanPool is the floor the pool benchmarks measure against: a buffered
// channel of resources with no context, no health checks and no limits
// beyond its capacity.
type ChanPool[T any] struct{ ch chan T }

// NewChanPool returns a pool filled with n resources made by mk.
func NewChanPool[T any](n int, mk func() T) *ChanPool[T] {
	p := &ChanPool[T]{ch: make(chan T, n)}
	for i := 0; i < n; i++ {
		p.ch <- mk()
	}
	return p
}

// Get takes a resource, blocking until one is free.
func (p *ChanPool[T]) Get() T { return <-p.ch }

// Put returns a resource.
func (p *ChanPool[T]) Put(v T) { p.ch <- v }

// Wait is Get bounded by ctx, for a like-for-like comparison with pools
// whose Acquire takes a context.
func (p *ChanPool[T]) Wait(ctx context.Context) (T, error) {
	select {
	case v := <-p.ch:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
