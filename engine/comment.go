package engine

import "context"

// WithStatementComment makes the engine append a comment to the text of
// each statement it sends: the one fn returns for the statement's
// context, after the hooks' BeforeQuery (so a tracer's span for the
// statement is in it). otelhook.Traceparent is such a function: the W3C
// traceparent of the statement's span, so that the server's logs and
// statistics (pg_stat_statements, the slow query log) can be matched
// with traces.
//
// One exception: the statements of a Tx.ExecMany that a SourceBatcher
// sends in one batch (PostgreSQL natively on pgx) go before their hooks
// run — the hooks see each statement once the batch has returned, when
// it is known which ran — so their comment is the one fn returns for
// ExecMany's context: a tracer's span current there (the transaction's,
// in RunInTx's function), not the statement's.
//
// The comment changes only the text sent: the hooks, the compiled
// statement cache and the statement's errors see the statement as
// built. fn returns "" for no comment. A comment that is not a single
// /*...*/ of at most 256 bytes made of letters, digits, spaces and
// - _ . = ' , is not appended: no placeholder (? $ :), no comment end,
// no line break can reach the SQL text this way, and a value can only
// arrive there if fn puts it in — fn must build its comment from
// identifiers, never from data.
//
// Each statement's text then differs from the last, which costs where a
// driver or server reuses work by text: a driver's cache of prepared
// statements (pgx's default QueryExecModeCacheStatement) misses on every
// statement, preparing it anew and evicting the ones worth keeping, and
// the server never reuses a plan across traces. Turn it on where
// correlating with the server's logs is worth that: it is off by default.
func WithStatementComment(fn func(ctx context.Context) string) Option {
	return optionFunc(func(e *Engine) error { e.comment = fn; return nil })
}

// maxComment is the longest comment WithStatementComment's check admits.
const maxComment = 256

// withComment returns text with the comment of ctx appended, or text
// itself when the engine has no comment function, the function returns
// "" or a comment that fails validComment.
func (e *Engine) withComment(ctx context.Context, text string) string {
	if e.comment == nil {
		return text
	}
	c := e.comment(ctx)
	if !validComment(c) {
		return text
	}
	return text + " " + c
}

// validComment reports whether c is one /*...*/ comment of at most
// maxComment bytes whose inside holds only letters, digits, spaces and
// - _ . = ' , — nothing a driver or server could read as a placeholder,
// the end of the comment, or the start of another statement.
func validComment(c string) bool {
	if len(c) < 4 || len(c) > maxComment || c[:2] != "/*" || c[len(c)-2:] != "*/" {
		return false
	}
	for i := 2; i < len(c)-2; i++ {
		switch b := c[i]; {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9':
		case b == ' ', b == '-', b == '_', b == '.', b == '=', b == '\'', b == ',':
		default:
			return false
		}
	}
	return true
}
