package otelhook_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// fakeSource answers every statement without a database: a statement
// whose text contains "fail" fails with errFake, which the classifier
// maps to a unique violation with code 23505.
type fakeSource struct{}

var errFake = errors.New("fake: duplicate key value violates unique constraint; Key (email)=(secret@example.com)")

func (fakeSource) Exec(_ context.Context, text string, _ []any) (engine.Result, error) {
	if strings.Contains(text, "fail") {
		return engine.Result{}, errFake
	}
	return engine.Result{RowsAffected: 1}, nil
}

func (fakeSource) Query(_ context.Context, text string, _ []any) (engine.SourceRows, error) {
	if strings.Contains(text, "fail") {
		return nil, errFake
	}
	return &fakeRows{n: 2}, nil
}

func (fakeSource) Begin(context.Context, engine.TxOptions) (engine.SourceTx, error) {
	return fakeTx{}, nil
}

func (fakeSource) Close() error { return nil }

type fakeTx struct{ fakeSource }

func (fakeTx) Commit(context.Context) error   { return nil }
func (fakeTx) Rollback(context.Context) error { return nil }

// fakeRows returns n rows of one column.
type fakeRows struct{ n int }

func (r *fakeRows) Columns() ([]string, error) { return []string{"x"}, nil }
func (r *fakeRows) Next() bool {
	if r.n == 0 {
		return false
	}
	r.n--
	return true
}
func (r *fakeRows) Scan(dest ...any) error {
	*dest[0].(*int64) = 1
	return nil
}
func (r *fakeRows) Err() error   { return nil }
func (r *fakeRows) Close() error { return nil }

// fakeClassifier classifies errFake.
type fakeClassifier struct{}

func (fakeClassifier) Classify(err error) error {
	if errors.Is(err, errFake) {
		return engine.ErrUniqueViolation
	}
	return nil
}

func (fakeClassifier) Describe(err error) (string, string) {
	if errors.Is(err, errFake) {
		return "23505", "users_email_key"
	}
	return "", ""
}

// fakeDialect is a dialect of the name given, with "?" placeholders and
// identifiers written as they are.
type fakeDialect string

func (d fakeDialect) Name() string                                 { return string(d) }
func (fakeDialect) Features() compile.Feature                      { return 0 }
func (fakeDialect) AppendPlaceholder(b []byte, _ int) []byte       { return append(b, '?') }
func (fakeDialect) AppendIdent(b []byte, n string) ([]byte, error) { return append(b, n...), nil }
func (fakeDialect) AppendType(b []byte, _ expr.Type, _ compile.TypeUse) ([]byte, error) {
	return b, nil
}
func (fakeDialect) MaxParams() int { return 100 }

func named(name string, v any) sql.NamedArg { return sql.Named(name, v) }
