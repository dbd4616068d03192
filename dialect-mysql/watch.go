package mysqldialect

import (
	"context"
	"database/sql/driver"
	"sync"
	"sync/atomic"
)

// watch follows one statement of a killConn whose context can end; see
// kill.go. A nil *watch stands for a context that cannot end: the
// statement runs as the driver runs it.
type watch struct {
	c   *killConn
	ctx context.Context // the statement's, as database/sql gave it
	// drv is the driver's context: ctx's end does not cancel it, so the
	// driver keeps the connection. done cancels it when the statement has
	// ended (the driver no longer watches it then), and kill when a KILL
	// fails: the driver then closes the connection as it would have.
	drv     context.Context
	cancel  context.CancelFunc
	stop    func() bool    // stops the kill that ctx's end starts
	killing sync.WaitGroup // done when the kill is over
	fired   atomic.Bool    // the kill started
}

// watch returns the watch a statement under ctx runs with, or nil when
// ctx cannot end; an error when it has ended or the connection is broken.
func (c *killConn) watch(ctx context.Context) (*watch, error) {
	if c.broken.Load() {
		return nil, driver.ErrBadConn
	}
	if ctx.Done() == nil {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w := &watch{c: c, ctx: ctx}
	w.drv, w.cancel = context.WithCancel(context.WithoutCancel(ctx))
	w.killing.Add(1)
	w.stop = context.AfterFunc(ctx, w.kill)
	return w, nil
}

// context returns the context to give the driver.
func (w *watch) context(ctx context.Context) context.Context {
	if w == nil {
		return ctx
	}
	return w.drv
}

// kill runs when the statement's context ends before the statement: it
// kills the statement on the server and waits for it to end. When the KILL
// fails, or the statement is still running killGrace after the context
// ended, it closes the connection through the driver instead and marks it
// broken, since a KILL still on its way could end the next statement.
func (w *watch) kill() {
	defer w.killing.Done()
	w.fired.Store(true)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(w.ctx), killGrace)
	defer cancel()
	if err := w.c.k.kill(ctx, w.c.id); err == nil {
		select {
		case <-w.drv.Done(): // the statement ended
			return
		case <-ctx.Done():
		}
	}
	w.c.broken.Store(true)
	w.cancel()
}

// done ends the watch of a statement that returned err: it waits for a
// kill under way, and returns the context's error if its end set one off
// (a killed statement may still succeed: DO SLEEP(9) returns no error).
func (w *watch) done(err error) error {
	if w == nil {
		return err
	}
	w.cancel()
	if w.stop() {
		return err
	}
	w.killing.Wait()
	return w.ctx.Err()
}

// rows wraps the rows of a query that started under w; the statement
// lasts until they are closed.
func (w *watch) rows(r driver.Rows, err error) (driver.Rows, error) {
	if w == nil || err != nil {
		return r, w.done(err)
	}
	mr, ok := r.(mysqlRows)
	if !ok {
		r.Close()
		return nil, w.done(errDriverTypes)
	}
	if w.fired.Load() {
		r.Close()
		return nil, w.done(nil)
	}
	return &killRows{mysqlRows: mr, w: w}, nil
}

// killRows are the rows of a statement under a watch.
type killRows struct {
	mysqlRows
	w *watch
}

// Next returns the context's error in place of any error, the end of the
// rows included, once the context's end has killed the statement.
func (r *killRows) Next(dest []driver.Value) error {
	err := r.mysqlRows.Next(dest)
	if err != nil && r.w != nil && r.w.fired.Load() {
		return r.w.ctx.Err()
	}
	return err
}

// Close closes the rows and ends the statement's watch.
func (r *killRows) Close() error {
	if r.w == nil {
		return nil
	}
	err := r.mysqlRows.Close()
	w := r.w
	r.w = nil
	return w.done(err)
}
