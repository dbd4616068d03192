package sharded

import "time"

// SetMaxOpen changes MaxOpen; waiters are given the new slots at once.
// When the limit is lowered below the number of open resources, nothing is
// closed at once: each resource released while the pool is above the limit
// is closed instead of being kept.
func (p *Pool[T]) SetMaxOpen(n int) {
	p.maxOpen.Store(int64(n))
	p.grantSlots()
}

// SetMaxIdle changes MaxIdle (see Config) and closes idle resources above it.
func (p *Pool[T]) SetMaxIdle(n int) {
	p.maxIdle.Store(int64(n))
	for p.overIdleNow() {
		r := p.pop(0, false)
		if r == nil {
			return
		}
		p.idleClosed.Add(1)
		p.destroy(r)
	}
}

func (p *Pool[T]) overIdleNow() bool {
	mi := p.maxIdle.Load()
	switch {
	case mi == 0:
		return false
	case mi < 0:
		return p.idleCount() > 0
	}
	return int64(p.idleCount()) > mi
}

// SetMaxLifetime changes MaxLifetime for existing and future resources.
func (p *Pool[T]) SetMaxLifetime(d time.Duration) {
	p.maxLifetime.Store(int64(d))
	p.limitsChanged()
}

// SetMaxIdleTime changes MaxIdleTime.
func (p *Pool[T]) SetMaxIdleTime(d time.Duration) {
	p.maxIdleTime.Store(int64(d))
	p.limitsChanged()
}

// Close stops new acquisitions, fails the waiters with ErrClosed, closes the
// idle resources and then waits until every acquired resource has been
// released or destroyed (and so closed). Calling Close again is harmless.
func (p *Pool[T]) Close() {
	p.Shutdown()
	<-p.drained
}

// Shutdown is Close without the wait: it returns at once, and resources
// still held are closed when they are released. database/sql's DB.Close
// behaves this way, so that a deferred Close cannot deadlock with a deferred
// Rows.Close that runs after it.
func (p *Pool[T]) Shutdown() {
	if p.closed.Swap(true) {
		return
	}
	p.mu.Lock()
	for w := p.head; w != nil; w = p.head {
		p.remove(w)
		w.kind, w.err = grantErr, ErrClosed
		w.ch <- struct{}{}
	}
	p.mu.Unlock()
	close(p.stop)
	p.cleanerWG.Wait()
	p.drainIdle()
	p.mu.Lock()
	if p.open.Load() == 0 {
		p.drainOnce.Do(func() { close(p.drained) })
	}
	p.mu.Unlock()
}

func (p *Pool[T]) drainIdle() {
	for r := p.pop(0, false); r != nil; r = p.pop(0, false) {
		p.destroy(r)
	}
}
