package engine

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// SourceBatcher is an optional interface of a SourceTx whose connection
// can pipeline: send many statements and read their results in one round
// trip, as pgx.Batch does on PostgreSQL. Tx.ExecMany uses it where the
// transaction has it; without it, ExecMany runs the statements one by one.
//
// ExecBatch runs texts[i] with args[i], in order; none returns rows. It
// returns one Result per statement that succeeded: at the first failure it
// stops and returns the results so far with that statement's error, so
// len(results) is the index of the failed statement. An error that comes
// after every statement's result (ending the pipeline) may come with all
// the results; ExecMany counts it as the last statement's. Statements
// after a failed one must not take effect. As for Exec, ExecBatch must not
// keep args after it returns.
type SourceBatcher interface {
	ExecBatch(ctx context.Context, texts []string, args [][]any) ([]Result, error)
}

// errBatchResults: a SourceBatcher broke its contract, returning neither
// one result per statement nor an error.
var errBatchResults = errors.New("engine: SourceBatcher returned fewer results than statements and no error")

// ExecMany runs stmts in the transaction, in order, and returns one Result
// per statement. It is for the many writes of one shape a unit of work
// flushes (an UPDATE or DELETE per changed object): the compiler's cache
// makes every statement after the first cheap to compile, and where the
// transaction's source can pipeline (SourceBatcher: native pgx) all of
// them reach the server in one round trip instead of one each. Elsewhere
// each statement runs exactly as Tx.Exec runs it.
//
// At the first failure ExecMany stops and returns the results of the
// statements before it and the error: an *Error classified as Exec's are,
// or the compiler's error. The failed statement is stmts[len(results)];
// the statements before it did run, so roll the transaction (or savepoint)
// back to undo them.
//
// Hooks see one QueryEvent per statement that ran, the failed one
// included, as for Exec. With a pipeline the statements have all run when
// the hooks see them: ExecMany calls each one's BeforeQuery and AfterQuery
// in turn after the batch returns; Duration is the statement's even share
// of the batch's time and Start where that share begins, so the events
// tile the batch. The statement timeout allows each statement of a
// pipeline its own time, as a loop would: the batch as a whole gets
// len(stmts) times the timeout.
//
// There is no Engine.ExecMany on purpose. A batch that stops at its first
// failure has written the statements before it; in a transaction the
// caller rolls them back (security rule 8: no partial writes), while
// outside one each would already be committed. Use Engine.RunInTx.
func (t *Tx) ExecMany(ctx context.Context, stmts []expr.Statement) ([]Result, error) {
	if t.done {
		return nil, ErrTxDone
	}
	if b, ok := t.stx.(SourceBatcher); ok && len(stmts) > 1 {
		return t.e.execPipeline(ctx, t, b, stmts)
	}
	results := make([]Result, 0, len(stmts))
	for _, stmt := range stmts {
		res, err := t.e.exec(ctx, t, stmt, nil)
		if err != nil {
			return results, err
		}
		results = append(results, res)
	}
	return results, nil
}

// execPipeline compiles stmts and sends them to b in one batch. A
// statement that does not compile ends the batch before it, as it would
// end a loop.
func (e *Engine) execPipeline(ctx context.Context, tx *Tx, b SourceBatcher, stmts []expr.Statement) ([]Result, error) {
	if e.closed.Load() {
		return nil, ErrClosed
	}
	texts := make([]string, 0, len(stmts))
	args := make([][]any, 0, len(stmts))
	sens := make([][]int, 0, len(stmts))
	bufs := make([]*argBuf, 0, len(stmts))
	defer func() {
		for _, buf := range bufs {
			e.putArgs(buf)
		}
	}()
	var compileErr error
	for _, stmt := range stmts {
		text, buf, s, err := e.compile(stmt, nil)
		if err != nil {
			compileErr = err
			break
		}
		texts, args, sens, bufs = append(texts, text), append(args, buf.a), append(sens, s), append(bufs, buf)
	}
	if len(texts) == 0 {
		return nil, compileErr
	}

	start := time.Now()
	sctx, cancel := e.batchContext(ctx, len(texts))
	results, err := b.ExecBatch(sctx, e.withComments(ctx, texts), args)
	switch {
	case err == nil && len(results) < len(texts):
		err = errBatchResults
	case err != nil && len(results) >= len(texts):
		results = results[:len(texts)-1]
	}
	ran := len(results)
	if err != nil {
		ran++ // the failed statement's error may quote its values
		err = e.wrapStmt(sctx, "exec", err, args[ran-1], sens[ran-1])
	}
	if cancel != nil {
		cancel()
	}
	if len(e.queryHooks) > 0 || len(e.errorHooks) > 0 {
		e.reportPipeline(ctx, tx, texts[:ran], args, sens, results, err, start, time.Since(start))
	}
	if err != nil {
		return results, err
	}
	return results, compileErr
}

// reportPipeline passes each statement that ran in a batch to the hooks,
// giving each an even share of the batch's time; the last one failed
// with err when err is set.
func (e *Engine) reportPipeline(ctx context.Context, tx *Tx, texts []string, args [][]any, sens [][]int, results []Result, err error, start time.Time, took time.Duration) {
	share := took / time.Duration(len(texts))
	for i, text := range texts {
		ev := e.newEvent(OpExec, text, args[i], sens[i], tx)
		ev.Start = start.Add(time.Duration(i) * share)
		hctx := e.before(ctx, ev)
		ev.Duration = share
		var serr error
		if i < len(results) {
			ev.RowsAffected = results[i].RowsAffected
		} else {
			serr = err
		}
		e.report(hctx, ev, serr)
	}
}

// withComments returns texts with the comment of ctx appended to each
// (see WithStatementComment), in a new slice, or texts itself when the
// engine adds no comment.
func (e *Engine) withComments(ctx context.Context, texts []string) []string {
	if e.comment == nil {
		return texts
	}
	sent := make([]string, len(texts))
	for i, text := range texts {
		sent[i] = e.withComment(ctx, text)
	}
	return sent
}

// batchContext applies the statement timeout to a batch of n statements:
// n times the timeout, what the statements would be allowed one by one.
func (e *Engine) batchContext(ctx context.Context, n int) (context.Context, context.CancelFunc) {
	d := e.stmtTimeout(ctx)
	if d <= 0 {
		return ctx, nil
	}
	if d > math.MaxInt64/time.Duration(n) {
		d = math.MaxInt64
	} else {
		d *= time.Duration(n)
	}
	return context.WithTimeoutCause(ctx, d, errStatementTimeout)
}
