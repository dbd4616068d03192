package fakedriver

import (
	"context"
	"sync"
)

// Expiring is a context whose deadline passes when the test calls Expire,
// not at a time on the clock: a test can wait until a call is known to be
// blocked (waiting for a connection, say) and only then make it time out,
// with no race between the clock and the scheduler. Err reports
// context.DeadlineExceeded once expired, as a context with a real
// deadline would. Create it with NewExpiring.
type Expiring struct {
	context.Context
	done chan struct{}
	once sync.Once
}

// NewExpiring returns a context that expires when Expire is called; it
// carries parent's values (parent's own end is not watched).
func NewExpiring(parent context.Context) *Expiring {
	return &Expiring{Context: parent, done: make(chan struct{})}
}

// Expire makes the deadline pass. Calling it again does nothing.
func (c *Expiring) Expire() { c.once.Do(func() { close(c.done) }) }

// Done is closed by Expire.
func (c *Expiring) Done() <-chan struct{} { return c.done }

// Err is nil until Expire, then context.DeadlineExceeded.
func (c *Expiring) Err() error {
	select {
	case <-c.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}
