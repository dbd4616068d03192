package engine_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/sqlforge/sqlforge/engine"
)

// Errors carry a class that is the same on every database, and the
// driver's error for the details.
func ExampleError() {
	driverErr := errors.New(`duplicate key value violates unique constraint "users_email_key"`)
	var err error = &engine.Error{Op: "exec", Class: engine.ErrUniqueViolation, Err: driverErr}

	fmt.Println(errors.Is(err, engine.ErrUniqueViolation))
	fmt.Println(errors.Is(err, driverErr))
	fmt.Println(engine.Retryable(err))
	// Output:
	// true
	// true
	// false
}

// RunInTx waits a random time below the policy's backoff before each retry.
func ExampleRetryPolicy_Backoff() {
	p := engine.RetryPolicy{MaxAttempts: 5, BaseDelay: 10 * time.Millisecond, MaxDelay: 50 * time.Millisecond}
	for n := 1; n < p.MaxAttempts; n++ {
		fmt.Println(n, p.Backoff(n))
	}
	// Output:
	// 1 10ms
	// 2 20ms
	// 3 40ms
	// 4 50ms
}
