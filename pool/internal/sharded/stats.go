package sharded

import "time"

// ShardStats are the figures of one free list.
type ShardStats struct {
	Idle     int   // idle resources in this shard now
	Acquires int64 // acquisitions served from this shard's free list
	Releases int64 // resources returned to this shard's free list
}

// Stats are a snapshot of a pool's figures.
type Stats struct {
	MaxOpen           int           // MaxOpen limit (0 = none)
	Open              int           // resources open or being opened
	InUse             int           // resources held
	Idle              int           // resources in the free lists
	WaitCount         int64         // acquisitions that had to wait, once their wait ended
	WaitDuration      time.Duration // total time spent waiting
	Pending           int           // acquisitions waiting now (a wait ends as Config.OnWait says)
	Timeouts          int64         // waits given up because the context ended (deadline or cancel)
	MaxIdleClosed     int64         // closed because of MaxIdle
	MaxIdleTimeClosed int64         // closed because of MaxIdleTime
	MaxLifetimeClosed int64         // closed because of MaxLifetime
	Opened            int64         // resources ever created
	Shards            []ShardStats  // per free list
}

// Stats returns a snapshot of the pool's figures.
func (p *Pool[T]) Stats() Stats {
	st := Stats{
		MaxOpen:           int(max(p.maxOpen.Load(), 0)),
		Open:              int(p.open.Load()),
		WaitCount:         p.waitCount.Load(),
		WaitDuration:      time.Duration(p.waitNanos.Load()),
		Pending:           int(p.pending.Load()),
		Timeouts:          p.timeouts.Load(),
		MaxIdleClosed:     p.idleClosed.Load(),
		MaxIdleTimeClosed: p.idleTimeClosed.Load(),
		MaxLifetimeClosed: p.lifetimeClosed.Load(),
		Opened:            p.opens.Load(),
		Shards:            make([]ShardStats, len(p.shards)),
	}
	for i := range p.shards {
		s := &p.shards[i]
		s.mu.Lock()
		st.Shards[i] = ShardStats{Idle: len(s.free), Acquires: s.acquires, Releases: s.releases}
		s.mu.Unlock()
		st.Idle += st.Shards[i].Idle
	}
	st.InUse = max(st.Open-st.Idle, 0)
	return st
}
