package sharded

import (
	"context"
	"time"
)

// This file holds the slow path: opening slots, the FIFO wait queue and
// the grants that pass resources, slots and wake-ups to waiters.

// waiter is a goroutine queued in Acquire; records are recycled through
// Pool.waiters.
type waiter[T any] struct {
	ch         chan struct{} // capacity 1; one send per grant
	kind       grantKind     // what was granted
	r          *Resource[T]  // with grantResource
	err        error         // with grantErr
	prev, next *waiter[T]    // guarded by Pool.mu
	queued     bool          // guarded by Pool.mu
	starving   bool          // guarded by Pool.mu
}

// grantKind says what a waiter was sent.
type grantKind uint8

const (
	grantWake     grantKind = iota + 1 // a resource was released: compete for it
	grantResource                      // r is yours
	grantSlot                          // you may open a resource
	grantErr                           // the pool is closed
)

// starveAfter is how long a waiter may be overtaken by newcomers before
// released resources are handed to it directly.
const starveAfter = int64(time.Millisecond)

// acquireSlow opens a resource if a slot is free and otherwise queues,
// until it gets a resource, ctx is done or the pool is closed.
func (p *Pool[T]) acquireSlow(ctx context.Context, h uint32) (res *Resource[T], _ error) {
	var start int64 // when this call first queued; 0 = never
	timedOut := false
	defer func() {
		if start != 0 {
			p.endWait(start, timedOut, res)
		}
	}()
	woken := false
	for {
		if p.reserve() {
			return p.create(ctx, h)
		}
		w := p.waiters.Get().(*waiter[T])
		p.mu.Lock()
		if p.closed.Load() {
			p.mu.Unlock()
			p.waiters.Put(w)
			return nil, ErrClosed
		}
		if start == 0 {
			start = p.now()
			p.pending.Add(1)
		}
		if woken {
			// A waiter that was woken and then overtaken keeps its place
			// at the head, and once it has waited long enough, released
			// resources are handed to it directly.
			w.starving = p.now()-start >= starveAfter
			p.enqueueFront(w)
		} else {
			p.enqueue(w)
		}
		p.mu.Unlock()

		// A resource released between our scan and the enqueue is found
		// here; the releaser checks nwait after pushing, so one of us sees
		// the other.
		if r := p.pop(h, true); r != nil {
			if p.cancelWait(w) {
				p.checkout(r, h)
				return r, nil
			}
			p.release(r) // keep what we were sent instead
		} else if p.reserve() {
			// A slot was freed between our reserve and the enqueue.
			if p.cancelWait(w) {
				return p.create(ctx, h)
			}
			p.releaseSlot()
		} else {
			select {
			case <-w.ch:
			case <-ctx.Done():
				timedOut = true
				if p.cancelWait(w) {
					return nil, ctx.Err()
				}
				p.forward(w) // we were sent something: pass it on
				return nil, ctx.Err()
			}
		}
		kind, r, err := w.kind, w.r, w.err
		p.putWaiter(w)
		switch kind {
		case grantErr:
			return nil, err
		case grantSlot:
			return p.create(ctx, h)
		case grantResource:
			p.checkout(r, h)
			return r, nil
		}
		// Woken to compete for a released resource.
		if r := p.pop(h, true); r != nil {
			p.checkout(r, h)
			return r, nil
		}
		woken = true
	}
}

// endWait records the end of a wait that began at start: the figures of
// Stats, then the OnWait observer, called without any lock held. r is what
// the wait obtained (nil if it failed): if the observer panics, the caller
// never gets r, so it goes back to the pool before the panic goes on.
func (p *Pool[T]) endWait(start int64, timedOut bool, r *Resource[T]) {
	d := p.now() - start
	p.pending.Add(-1)
	p.waitCount.Add(1)
	p.waitNanos.Add(d)
	if timedOut {
		p.timeouts.Add(1)
	}
	if p.onWait == nil {
		return
	}
	if r == nil {
		p.onWait(time.Duration(d), timedOut)
		return
	}
	observed := false
	defer func() {
		if !observed {
			r.Release()
		}
	}()
	p.onWait(time.Duration(d), timedOut)
	observed = true
}

// cancelWait takes w out of the queue. It reports false if w was already
// dequeued by a grant, which then is (or soon will be) in w.ch; the caller
// must receive it.
func (p *Pool[T]) cancelWait(w *waiter[T]) bool {
	p.mu.Lock()
	if w.queued {
		p.remove(w)
		p.mu.Unlock()
		p.putWaiter(w)
		return true
	}
	p.mu.Unlock()
	<-w.ch
	return false
}

// forward passes on the grant a departing waiter received.
func (p *Pool[T]) forward(w *waiter[T]) {
	kind, r := w.kind, w.r
	p.putWaiter(w)
	switch kind {
	case grantResource:
		p.release(r)
	case grantSlot:
		p.releaseSlot()
	case grantWake:
		p.wake()
	}
}

func (p *Pool[T]) putWaiter(w *waiter[T]) {
	w.r, w.err, w.kind, w.starving = nil, nil, 0, false
	p.waiters.Put(w)
}

// enqueue appends w to the wait queue. p.mu must be held.
func (p *Pool[T]) enqueue(w *waiter[T]) {
	w.queued = true
	w.next = nil
	w.prev = p.tail
	if p.tail != nil {
		p.tail.next = w
	} else {
		p.head = w
	}
	p.tail = w
	p.nwait.Add(1)
}

// enqueueFront puts w at the head of the wait queue. p.mu must be held.
func (p *Pool[T]) enqueueFront(w *waiter[T]) {
	w.queued = true
	w.prev = nil
	w.next = p.head
	if p.head != nil {
		p.head.prev = w
	} else {
		p.tail = w
	}
	p.head = w
	p.nwait.Add(1)
}

// remove unlinks w from the wait queue. p.mu must be held.
func (p *Pool[T]) remove(w *waiter[T]) {
	if w.prev != nil {
		w.prev.next = w.next
	} else {
		p.head = w.next
	}
	if w.next != nil {
		w.next.prev = w.prev
	} else {
		p.tail = w.prev
	}
	w.prev, w.next, w.queued = nil, nil, false
	p.nwait.Add(-1)
}

// grant hands r (or an open slot, or an error) to the oldest waiter.
// It reports false when nobody is waiting.
func (p *Pool[T]) grant(kind grantKind, r *Resource[T], err error) bool {
	p.mu.Lock()
	w := p.head
	if w == nil || (kind == grantResource && !w.starving) {
		p.mu.Unlock()
		return false
	}
	p.remove(w)
	w.kind, w.r, w.err = kind, r, err
	p.mu.Unlock()
	w.ch <- struct{}{}
	return true
}

// wake tells the oldest waiter that a resource was released; it competes
// for it with goroutines that are running, which keeps resources moving
// when there are many more goroutines than processors.
func (p *Pool[T]) wake() {
	p.grant(grantWake, nil, nil)
}

// releaseSlot gives up one open slot: to the oldest waiter if there is one
// and MaxOpen allows, otherwise back to the pool.
func (p *Pool[T]) releaseSlot() {
	if p.closed.Load() {
		if p.open.Add(-1) == 0 {
			p.drainOnce.Do(func() { close(p.drained) })
		}
		return
	}
	if p.nwait.Load() > 0 {
		mo := p.maxOpen.Load()
		if (mo <= 0 || p.open.Load() <= mo) && p.grant(grantSlot, nil, nil) {
			return
		}
	}
	if p.open.Add(-1) == 0 && p.closed.Load() {
		p.drainOnce.Do(func() { close(p.drained) })
	}
	// A waiter that queued after our check reserves the slot itself; one
	// that queued before it is served here (decrement, then look).
	p.grantSlots()
}

// grantSlots hands free slots to waiters.
func (p *Pool[T]) grantSlots() {
	for p.nwait.Load() > 0 && !p.closed.Load() && p.reserve() {
		if !p.grant(grantSlot, nil, nil) {
			if p.open.Add(-1) == 0 && p.closed.Load() {
				p.drainOnce.Do(func() { close(p.drained) })
			}
			return
		}
	}
}
