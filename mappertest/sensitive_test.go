package mappertest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/engine/enginetest"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// The sentinels are values of sensitive fields; shownName starts the
// values of an ordinary field, which hooks with the opt-in may see.
const (
	ssnSentinel = "ssn-sentinel-3b7e"
	taxSentinel = "tax-sentinel-91c4"
	shownName   = "name-shown-50fa"
)

// Citizen has a field tagged sensitive and one of type mapper.Sensitive,
// each UNIQUE, and an ordinary field.
type Citizen struct {
	ID   int64                    `db:"id,pk,autoincrement"`
	SSN  string                   `db:"ssn,type=varchar(80),unique,sensitive"`
	Tax  mapper.Sensitive[string] `db:"tax,type=varchar(80),unique"`
	Name string                   `db:"name,type=varchar(80)"`
}

// Resident has only plain fields, so that InsertBatch sends its rows as
// arrays on PostgreSQL: the array of a sensitive field is sensitive.
type Resident struct {
	ID   int64  `db:"id,pk,autoincrement"`
	SSN  string `db:"ssn,type=varchar(80),unique,sensitive"`
	Name string `db:"name,type=varchar(80)"`
}

func citizen(i int) *Citizen {
	n := fmt.Sprint(i)
	return &Citizen{SSN: ssnSentinel + "-" + n, Tax: mapper.NewSensitive(taxSentinel + "-" + n), Name: shownName + "-" + n}
}

// TestSensitiveFields: on every database, with parameter values shown to
// hooks, the values of sensitive fields — tagged sensitive or of type
// mapper.Sensitive — are in no hook event, log record or error of a
// unique violation (the caller's, walked through every Unwrap chain and
// field), written by InsertBatch (VALUES and arrays), UpdateBatch,
// Insert and compared in WHERE and IN; the ordinary values show; the
// rows read back hold the values; and a read-back struct prints no
// mapper.Sensitive value.
func TestSensitiveFields(t *testing.T) {
	for _, open := range engineOpeners {
		t.Run(open.name, func(t *testing.T) {
			t.Parallel()
			record, dump := enginetest.RecordAll()
			e := open.open(t, record, engine.WithParamValuesInHooks())
			t.Cleanup(func() { e.Close() })
			ctx := context.Background()
			meta := expr.NewMetaData()
			reg := mapper.NewRegistry(meta)
			citizens := mapper.MustMap[Citizen](reg, "citizens")
			residents := mapper.MustMap[Resident](reg, "residents")
			createAll(t, e, meta)

			var errs []error
			unique := func(what string, err error) {
				t.Helper()
				if !errors.Is(err, engine.ErrUniqueViolation) {
					t.Errorf("%s: %v; want a unique violation", what, err)
				}
				errs = append(errs, err)
			}
			rows := []*Citizen{citizen(1), citizen(2), citizen(3)}
			if err := engine.RunBatch(ctx, e, citizens.InsertBatch(rows)); err != nil {
				t.Fatal(err)
			}
			res := []*Resident{{SSN: ssnSentinel + "-r1", Name: shownName + "-r1"}, {SSN: ssnSentinel + "-r2", Name: shownName + "-r2"}}
			if err := engine.RunBatch(ctx, e, residents.InsertBatch(res)); err != nil {
				t.Fatal(err)
			}
			unique("InsertBatch of a duplicate tagged field, as arrays on PostgreSQL", engine.RunBatch(ctx, e,
				residents.InsertBatch([]*Resident{{SSN: ssnSentinel + "-r3", Name: "a"}, {SSN: ssnSentinel + "-r1", Name: "b"}})))
			dupTax := citizen(4)
			dupTax.Tax = mapper.NewSensitive(taxSentinel + "-1")
			unique("InsertBatch of a duplicate mapper.Sensitive", engine.RunBatch(ctx, e, citizens.InsertBatch([]*Citizen{dupTax})))
			ins, err := citizens.Insert(&Citizen{SSN: ssnSentinel + "-2", Tax: mapper.NewSensitive("t5"), Name: "c"})
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.Exec(ctx, ins)
			unique("Insert of a duplicate tagged field", err)

			rows[1].Name = shownName + "-2b"
			rows[1].Tax = mapper.NewSensitive(taxSentinel + "-2b")
			if err := engine.RunBatch(ctx, e, citizens.UpdateBatch(rows[1])); err != nil {
				t.Fatal(err)
			}
			rows[2].SSN = ssnSentinel + "-1"
			unique("UpdateBatch to a duplicate tagged field", engine.RunBatch(ctx, e, citizens.UpdateBatch(rows[2])))
			for _, err := range errs {
				enginetest.NoSecretReachable(t, open.name+": the caller's error", err, ssnSentinel, taxSentinel)
			}

			q := citizens.Select().Where(
				citizens.C("ssn").In(ssnSentinel+"-1", ssnSentinel+"-2", ssnSentinel+"-3"),
				citizens.C("tax").Ne(taxSentinel+"-none"),
				citizens.C("name").Ne(shownName+"-none"),
			).OrderBy(citizens.C("id").Asc())
			got, err := engine.All(ctx, e, q, mapper.Row[Citizen])
			if err != nil {
				t.Fatal(err)
			}
			want := []string{taxSentinel + "-1", taxSentinel + "-2b", taxSentinel + "-3"}
			if len(got) != 3 {
				t.Fatalf("%d rows read back; want 3", len(got))
			}
			for i, c := range got {
				if c.SSN != fmt.Sprintf("%s-%d", ssnSentinel, i+1) || c.Tax.Reveal() != want[i] {
					t.Errorf("row %d read back: SSN %q, Tax %q; want %s-%d, %q", i, c.SSN, c.Tax.Reveal(), ssnSentinel, i+1, want[i])
				}
				if s := fmt.Sprintf("%v %+v %#v %s", c, c, c, c.Tax); strings.Contains(s, taxSentinel) {
					t.Errorf("a read-back struct prints its mapper.Sensitive value: %s", s)
				}
			}

			out := dump()
			for _, s := range []string{ssnSentinel, taxSentinel} {
				if strings.Contains(out, s) {
					t.Errorf("hooks or logs saw the sensitive value %s:\n%s", s, out)
				}
			}
			if !strings.Contains(out, shownName) || !strings.Contains(out, engine.SensitiveText) {
				t.Errorf("hooks and logs lack the ordinary values or the [sensitive] marker:\n%s", out)
			}
		})
	}
}
