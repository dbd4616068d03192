package engine

import (
	"context"
	"math/rand/v2"
	"time"
)

// RetryPolicy says how RunInTx retries a transaction that failed with a
// retryable error: at most MaxAttempts runs in all, waiting before run n+1
// a random time in [0, min(MaxDelay, BaseDelay·2^(n-1))) ("full jitter"),
// so that competing transactions spread out.
type RetryPolicy struct {
	MaxAttempts int
	BaseDelay   time.Duration
	MaxDelay    time.Duration
}

// DefaultRetryPolicy is the engine's policy unless WithRetry sets another:
// five attempts, 5ms base delay, capped at 500ms.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 5, BaseDelay: 5 * time.Millisecond, MaxDelay: 500 * time.Millisecond}

// Backoff returns the upper bound of the wait after failed attempt n (1-based).
func (p RetryPolicy) Backoff(n int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	if p.MaxDelay > 0 && d > p.MaxDelay {
		d = p.MaxDelay
	}
	return d
}

// wait sleeps the jittered backoff after attempt n, or returns ctx's error.
func (p RetryPolicy) wait(ctx context.Context, n int) error {
	max := p.Backoff(n)
	if max <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(rand.N(max))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
