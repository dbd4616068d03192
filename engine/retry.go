package engine

import (
	"context"
	"errors"
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

// CommitUnknown reports whether err is a connection lost during COMMIT:
// the server may have committed the transaction before the connection
// broke, or not, and only reading the data back can tell. RunInTx does
// not retry such a transaction.
func CommitUnknown(err error) bool {
	var ee *Error
	return errors.Is(err, ErrConnectionLost) && errors.As(err, &ee) && ee.Op == "commit"
}

// retryInTx reports whether RunInTx runs a transaction that failed with
// err again: a retryable class, or a connection lost before COMMIT (a
// failover, a server restart), after which the server has rolled the
// transaction back.
func retryInTx(err error) bool {
	return Retryable(err) || errors.Is(err, ErrConnectionLost) && !CommitUnknown(err)
}
