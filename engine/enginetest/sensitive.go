package enginetest

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
)

// ssnSentinel is the value of a sensitive column in RunSensitive; shownTag
// starts the values of an ordinary column, which hooks may see.
const (
	ssnSentinel = "ssn-4e2b-77a1"
	shownTag    = "tag-shown-c05d"
)

// people has a sensitive text column with a UNIQUE constraint, a
// sensitive integer column, and an ordinary UNIQUE column.
var (
	peopleMeta = expr.NewMetaData()
	people     = peopleMeta.MustTable("people",
		expr.Col("id", expr.BigInt, expr.PK),
		expr.Col("ssn", expr.Varchar(80), expr.NotNull, expr.Unique, expr.Sensitive),
		expr.Col("pin", expr.Integer, expr.Sensitive),
		expr.Col("tag", expr.Varchar(80), expr.NotNull, expr.Unique),
	)
)

func insertPerson(id int64, ssn, pin any, tag string) *expr.InsertStmt {
	return expr.Insert(people).Columns(people.C("id"), people.C("ssn"), people.C("pin"), people.C("tag")).
		Values(id, ssn, pin, tag)
}

// sensitiveCase is a statement with a value of a sensitive column, and
// the class of its failure (nil: it succeeds, or fails where the server
// refuses the value, with no class).
type sensitiveCase struct {
	name  string
	class error
	run   func(ctx context.Context, e *engine.Engine) error
}

func sensitiveCases(d compile.Dialect) []sensitiveCase {
	id, ssn, tag := people.C("id"), people.C("ssn"), people.C("tag")
	cases := []sensitiveCase{
		{"insert", engine.ErrUniqueViolation, func(ctx context.Context, e *engine.Engine) error {
			_, err := e.Exec(ctx, insertPerson(3, ssnSentinel, 4242, shownTag+"-3"))
			return err
		}},
		{"update in a transaction", engine.ErrUniqueViolation, func(ctx context.Context, e *engine.Engine) error {
			return e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
				_, err := tx.Exec(ctx, expr.Update(people).Set(ssn, ssnSentinel).Where(id.Eq(2)))
				return err
			})
		}},
		{"ExecMany", engine.ErrUniqueViolation, func(ctx context.Context, e *engine.Engine) error {
			return e.RunInTx(ctx, engine.TxOptions{}, func(ctx context.Context, tx *engine.Tx) error {
				_, err := tx.ExecMany(ctx, []expr.Statement{
					expr.Update(people).Set(tag, shownTag+"-many").Where(id.Eq(1)),
					expr.Update(people).Set(ssn, ssnSentinel).Set(tag, shownTag+"-many-2").Where(id.Eq(2)),
				})
				return err
			})
		}},
		{"text into a sensitive integer", nil, func(ctx context.Context, e *engine.Engine) error {
			_, err := e.Exec(ctx, insertPerson(4, "x-4", ssnSentinel+"-pin", shownTag+"-4"))
			return err
		}},
		{"where, IN list and LIKE", nil, func(ctx context.Context, e *engine.Engine) error {
			q := expr.Select(id).From(people).Where(ssn.Eq(ssnSentinel), ssn.In(ssnSentinel+"-in", "x"),
				ssn.StartsWith(ssnSentinel), tag.Ne(shownTag+"-where"))
			_, err := engine.All(ctx, e, q, engine.ScanValue[int64])
			return err
		}},
	}
	if d.Features().Has(compile.ReturningInsert) {
		cases = append(cases, sensitiveCase{"insert returning", engine.ErrUniqueViolation, func(ctx context.Context, e *engine.Engine) error {
			_, err := engine.All(ctx, e, insertPerson(5, ssnSentinel, 4343, shownTag+"-5").Returning(id), engine.ScanValue[int64])
			return err
		}})
	}
	if d.Features().Has(compile.ValuesFrom) {
		cases = append(cases, sensitiveCase{"update from a VALUES list", engine.ErrUniqueViolation, func(ctx context.Context, e *engine.Engine) error {
			v := expr.Values("v", id, ssn, tag).Row(2, ssnSentinel, shownTag+"-v")
			_, err := e.Exec(ctx, expr.Update(people).Set(ssn, v.C("ssn")).Set(tag, v.C("tag")).From(v).Where(id.Eq(v.C("id"))))
			return err
		}})
	}
	return cases
}

// RunSensitive checks that the values of a sensitive column
// (expr.Sensitive) reach no hook event, log record or error — the
// caller's included, through every Unwrap chain and every field of the
// errors it reaches — even with WithParamValuesInHooks, whose hooks still
// see the other values; and that the errors keep their class, code and
// the rest of the server's message.
func RunSensitive(t *testing.T, env Env) {
	for _, opted := range []bool{true, false} {
		rec := &textRecorder{}
		logs := &captureHandler{}
		opts := []engine.Option{engine.WithHooks(rec, engine.NewLogHook(slog.New(logs), engine.LogOptions{}))}
		if opted {
			opts = append(opts, engine.WithParamValuesInHooks())
		}
		e := env.Open(t, opts...)
		ctx := testContext(t)
		if err := e.CreateAll(ctx, peopleMeta); err != nil {
			t.Fatalf("%s: CreateAll: %v", env.Name, err)
		}
		mustExec(t, ctx, e, insertPerson(1, ssnSentinel, 1234, shownTag+"-1"))
		mustExec(t, ctx, e, insertPerson(2, ssnSentinel+"-2", 5678, shownTag+"-2"))

		for _, c := range sensitiveCases(e.Dialect()) {
			what := env.Name + ": " + c.name
			if opted {
				what += " (parameter values in hooks)"
			}
			err := c.run(ctx, e)
			NoSecretReachable(t, what+": the caller's error", err, ssnSentinel)
			if c.class == nil {
				continue
			}
			var ee *engine.Error
			if !errors.As(err, &ee) || !errors.Is(err, c.class) || ee.Code == "" {
				t.Errorf("%s: %v (%#v); want an *engine.Error of class %v with a code", what, err, ee, c.class)
				continue
			}
			if msg := strings.ToLower(ee.Err.Error()); !strings.Contains(msg, "unique") && !strings.Contains(msg, "duplicate") {
				t.Errorf("%s: %q lost the server's message", what, msg)
			}
		}
		if s := rec.dump(); strings.Contains(s, ssnSentinel) {
			t.Errorf("%s: a hook saw a sensitive value:\n%s", env.Name, s)
		} else if opted && !strings.Contains(s, shownTag) {
			t.Errorf("%s: with WithParamValuesInHooks the hooks did not see the ordinary values:\n%s", env.Name, s)
		}
		if s := logs.dump(); strings.Contains(s, ssnSentinel) {
			t.Errorf("%s: the log shows a sensitive value:\n%s", env.Name, s)
		} else if opted && !strings.Contains(s, shownTag) {
			t.Errorf("%s: with WithParamValuesInHooks the log does not show the ordinary values:\n%s", env.Name, s)
		}

		// The servers that quote values quote the ordinary column's: the
		// cases above test something there, and a statement without
		// sensitive values keeps the driver's error.
		_, err := e.Exec(ctx, expr.Update(people).Set(people.C("tag"), shownTag+"-1").Where(people.C("id").Eq(2)))
		if !errors.Is(err, engine.ErrUniqueViolation) {
			t.Fatalf("%s: duplicate tag: %v", env.Name, err)
		}
		if env.QuotesValues && !strings.Contains(reachable(err), shownTag+"-1") {
			t.Errorf("%s: the error of a duplicate ordinary value does not show it: %s", env.Name, reachable(err))
		}
	}
}

// RecordAll returns an option that adds to an engine a hook of every
// kind printing each event it gets (with %+v and %#v, errors with their
// Unwrap chains walked) and a LogHook whose handler prints every record
// and attribute, and a function returning all that text: for tests,
// here and in the modules above the engine, that a value never shows.
func RecordAll() (engine.Option, func() string) {
	rec := &textRecorder{}
	logs := &captureHandler{}
	opt := engine.WithHooks(rec, engine.NewLogHook(slog.New(logs), engine.LogOptions{}))
	return opt, func() string { return rec.dump() + logs.dump() }
}
