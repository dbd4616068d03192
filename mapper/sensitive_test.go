package mapper_test

import (
	"bytes"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

const secretSSN = "078-05-1120-sentinel"

type Patient struct {
	ID    int64                       `db:"id,pk,autoincrement"`
	SSN   mapper.Sensitive[string]    `db:"ssn,unique"`
	Phone mapper.Sensitive[*string]   `db:"phone"`
	Born  mapper.Sensitive[time.Time] `db:"born,type=date"`
	Notes string                      `db:"notes,sensitive"`
	Name  string                      `db:"name"`
}

// A field tagged sensitive, and a field of type Sensitive[T], map to
// sensitive columns; a Sensitive[T] column takes T's type and NULL.
func TestSensitiveColumns(t *testing.T) {
	m := mapper.MustMap[Patient](mapper.NewRegistry(expr.NewMetaData()), "patients")
	for _, c := range []struct {
		name      string
		sensitive bool
		typ       expr.Type
		nullable  bool
	}{
		{"ssn", true, expr.String, false},
		{"phone", true, expr.String, true},
		{"born", true, expr.Date, false},
		{"notes", true, expr.String, false},
		{"name", false, expr.String, false},
	} {
		col := m.C(c.name)
		if col.Sensitive != c.sensitive || col.Type.Kind != c.typ.Kind || col.Nullable != c.nullable {
			t.Errorf("%s: Sensitive %v, type %v, nullable %v; want %v, %v, %v",
				c.name, col.Sensitive, col.Type, col.Nullable, c.sensitive, c.typ, c.nullable)
		}
	}
}

// A struct holding Sensitive values prints none of them: with every fmt
// verb, nested in another struct's unexported field, in slog output and
// in JSON.
func TestSensitivePrintsRedacted(t *testing.T) {
	phone := secretSSN + "-phone"
	p := Patient{ID: 1, SSN: mapper.NewSensitive(secretSSN), Phone: mapper.NewSensitive(&phone), Name: "ann"}
	type holder struct{ p Patient } // unexported: fmt cannot call Format
	var out strings.Builder
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%t"} {
		fmt.Fprintf(&out, verb+"\n", p)
		fmt.Fprintf(&out, verb+"\n", &p)
		fmt.Fprintf(&out, verb+"\n", holder{p})
		fmt.Fprintf(&out, verb+"\n", p.SSN)
	}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("patient", "p", p, "ssn", p.SSN)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("patient", "p", p, "ssn", p.SSN)
	j, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	all := out.String() + logs.String() + string(j)
	if strings.Contains(all, "078-05-1120") {
		t.Errorf("a Sensitive value shows:\n%s", all)
	}
	if !strings.Contains(all, mapper.SensitiveText) || !strings.Contains(all, "ann") {
		t.Errorf("want [sensitive] in place of the values, and the other fields:\n%s", all)
	}
	if got := p.SSN.Reveal(); got != secretSSN {
		t.Errorf("Reveal: %q", got)
	}
	var zero mapper.Sensitive[int32]
	if zero.Reveal() != 0 {
		t.Error("the zero Sensitive does not hold the zero value")
	}
}

// Value and Scan carry T's values as database/sql converts them; a
// failed Scan does not quote the value.
func TestSensitiveValueScan(t *testing.T) {
	check := func(name string, v driver.Valuer, want driver.Value) {
		t.Helper()
		got, err := v.Value()
		if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: Value() = %v, %v; want %v", name, got, err, want)
		}
	}
	s := "x"
	check("string", mapper.NewSensitive("abc"), "abc")
	check("int32", mapper.NewSensitive(int32(7)), int64(7))
	check("nil pointer", mapper.NewSensitive[*string](nil), nil)
	check("pointer", mapper.NewSensitive(&s), "x")
	check("zero", mapper.Sensitive[string]{}, "")
	check("NullString", mapper.NewSensitive(sql.NullString{String: "n", Valid: true}), "n")

	var str mapper.Sensitive[string]
	if err := str.Scan([]byte("from-bytes")); err != nil || str.Reveal() != "from-bytes" {
		t.Errorf("Scan []byte into Sensitive[string]: %q, %v", str.Reveal(), err)
	}
	var n mapper.Sensitive[int16]
	if err := n.Scan(int64(12)); err != nil || n.Reveal() != 12 {
		t.Errorf("Scan int64 into Sensitive[int16]: %v, %v", n.Reveal(), err)
	}
	var p mapper.Sensitive[*string]
	if err := p.Scan(nil); err != nil || p.Reveal() != nil {
		t.Errorf("Scan NULL into Sensitive[*string]: %v, %v", p.Reveal(), err)
	}
	if err := p.Scan("v"); err != nil || p.Reveal() == nil || *p.Reveal() != "v" {
		t.Errorf("Scan into Sensitive[*string]: %v", err)
	}
	var ns mapper.Sensitive[sql.NullString]
	if err := ns.Scan(nil); err != nil || ns.Reveal().Valid {
		t.Errorf("Scan NULL into Sensitive[sql.NullString]: %v, %v", ns.Reveal(), err)
	}
	if err := str.Scan(nil); err == nil {
		t.Error("NULL scanned into a Sensitive[string]")
	}
	if err := n.Scan(secretSSN); err == nil || strings.Contains(err.Error(), secretSSN) {
		t.Errorf("Scan of text into Sensitive[int16]: %v; want an error without the value", err)
	}
	if err := n.Scan(int64(1 << 40)); err == nil || strings.Contains(err.Error(), "1099511627776") {
		t.Errorf("Scan of an overflowing value: %v; want an error without the value", err)
	}
}

func TestSensitiveMapErrors(t *testing.T) {
	type prefs struct{ Token mapper.Sensitive[string] }
	for _, c := range []struct {
		name string
		m    func(*mapper.Registry) error
		want string
	}{
		{"json", mapErr[struct {
			P prefs `db:"p,json"`
		}](), "json field cannot hold a mapper.Sensitive"},
		{"pointer", mapErr[struct {
			S *mapper.Sensitive[string] `db:"s"`
		}](), "Sensitive[*T]"},
		{"nullzero", mapErr[struct {
			S mapper.Sensitive[string] `db:"s,nullzero"`
		}](), "nullzero cannot be combined"},
		{"unknown type", mapErr[struct {
			S mapper.Sensitive[struct{ A int }] `db:"s"`
		}](), "cannot infer a column type"},
		{"tag value", mapErr[struct {
			S string `db:"s,sensitive=yes"`
		}](), `"sensitive" takes no value`},
	} {
		err := c.m(mapper.NewRegistry(expr.NewMetaData()))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v; want an error with %q", c.name, err, c.want)
		}
	}
}
