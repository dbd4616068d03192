package sharded

import (
	"runtime"
	"strconv"
	"strings"
	"time"
)

// limitsChanged recomputes whether time-based checks are on and starts or
// nudges the background cleaner.
func (p *Pool[T]) limitsChanged() {
	timed := p.maxLifetime.Load() > 0 || p.maxIdleTime.Load() > 0
	p.timed.Store(timed)
	if !timed && p.leakAfter == 0 {
		return
	}
	p.mu.Lock()
	if p.closed.Load() {
		p.mu.Unlock()
		return
	}
	if !p.cleaning {
		p.cleaning = true
		p.cleanerWG.Add(1)
		go p.cleaner()
	}
	p.mu.Unlock()
	select {
	case p.nudge <- struct{}{}:
	default:
	}
}

// cleanerInterval is how often the cleaner runs: half the shortest limit,
// between a millisecond and a second.
func (p *Pool[T]) cleanerInterval() time.Duration {
	d := time.Second
	for _, v := range []int64{p.maxLifetime.Load(), p.maxIdleTime.Load(), p.leakAfter} {
		if v > 0 && time.Duration(v)/2 < d {
			d = time.Duration(v) / 2
		}
	}
	return max(d, time.Millisecond)
}

func (p *Pool[T]) cleaner() {
	defer p.cleanerWG.Done()
	t := time.NewTimer(p.cleanerInterval())
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-p.nudge:
		case <-t.C:
		}
		p.reapIdle()
		p.reportLeaks()
		t.Reset(p.cleanerInterval())
	}
}

// reapIdle closes idle resources past their lifetime or idle time.
func (p *Pool[T]) reapIdle() {
	if !p.timed.Load() {
		return
	}
	now := p.now()
	var dead []*Resource[T]
	for i := range p.shards {
		s := &p.shards[i]
		s.mu.Lock()
		keep := s.free[:0]
		for _, r := range s.free {
			if c := p.expired(r, now); c != nil {
				c.Add(1)
				dead = append(dead, r)
			} else {
				keep = append(keep, r)
			}
		}
		clear(s.free[len(keep):])
		s.free = keep
		s.n.Store(int32(len(keep)))
		s.mu.Unlock()
	}
	for _, r := range dead {
		p.destroy(r)
	}
}

// reportLeaks calls OnLeak for resources held longer than LeakThreshold.
func (p *Pool[T]) reportLeaks() {
	if p.leakAfter == 0 {
		return
	}
	now := p.now()
	var leaks []Leak
	p.mu.Lock()
	for r := range p.all {
		if !r.inUse.Load() {
			continue
		}
		held := now - r.acquiredAt.Load()
		if held < p.leakAfter {
			continue
		}
		r.leakMu.Lock()
		if !r.reported {
			r.reported = true
			leaks = append(leaks, Leak{Held: time.Duration(held), Stack: formatStack(r.pcs[:r.npcs])})
		}
		r.leakMu.Unlock()
	}
	p.mu.Unlock()
	for _, l := range leaks {
		p.onLeak(l)
	}
}

func formatStack(pcs []uintptr) string {
	var b strings.Builder
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		b.WriteString(f.Function)
		b.WriteString("\n\t")
		b.WriteString(f.File)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(f.Line))
		b.WriteByte('\n')
		if !more {
			break
		}
	}
	return b.String()
}
