package sqlpool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"
)

// valuesConnector is a driver whose queries return one row holding
// srcValues[i], where the query text is i; Exec records the converted
// arguments. It lets the tests run the same scans and calls through
// database/sql and through this package and compare the outcomes exactly.
type valuesConnector struct {
	mu   sync.Mutex
	args []driver.NamedValue // the last Exec's arguments
}

func (c *valuesConnector) Connect(context.Context) (driver.Conn, error) { return &valuesConn{c}, nil }
func (c *valuesConnector) Driver() driver.Driver                        { return nil }

type valuesConn struct{ c *valuesConnector }

func (vc *valuesConn) Prepare(string) (driver.Stmt, error) { return nil, errors.New("no prepare") }
func (vc *valuesConn) Close() error                        { return nil }
func (vc *valuesConn) Begin() (driver.Tx, error)           { return nil, errors.New("no tx") }

func (vc *valuesConn) ExecContext(_ context.Context, _ string, nv []driver.NamedValue) (driver.Result, error) {
	vc.c.mu.Lock()
	vc.c.args = append([]driver.NamedValue(nil), nv...)
	vc.c.mu.Unlock()
	return driver.RowsAffected(0), nil
}

func (vc *valuesConn) QueryContext(_ context.Context, q string, _ []driver.NamedValue) (driver.Rows, error) {
	// "s:text" and "b:text" return text as a string or as []byte.
	if len(q) >= 2 && q[1] == ':' {
		switch q[0] {
		case 's':
			return &valuesRows{v: q[2:]}, nil
		case 'b':
			return &valuesRows{v: []byte(q[2:])}, nil
		}
	}
	if q == "all" {
		// Each value twice, so that a cached scan step is used once,
		// then the value type changes under it.
		var all []driver.Value
		for _, v := range srcValues {
			all = append(all, v, v)
		}
		return &valuesRows{all: all}, nil
	}
	i, err := strconv.Atoi(q)
	if err != nil || i < 0 || i >= len(srcValues) {
		return nil, fmt.Errorf("bad query %q", q)
	}
	return &valuesRows{v: srcValues[i]}, nil
}

type valuesRows struct {
	v    driver.Value
	done bool
	all  []driver.Value // with "all": one row per value, in this order
}

func (r *valuesRows) Columns() []string { return []string{"v"} }
func (r *valuesRows) Close() error      { return nil }
func (r *valuesRows) Next(dest []driver.Value) error {
	if r.all != nil {
		if len(r.all) == 0 {
			return io.EOF
		}
		dest[0], r.all = r.all[0], r.all[1:]
		return nil
	}
	if r.done {
		return io.EOF
	}
	r.done = true
	dest[0] = r.v
	return nil
}

var srcValues = []driver.Value{
	int64(42), int64(-7), int64(300), int64(1 << 40), int64(0), int64(1),
	float64(3.5), float64(-0.25), float64(1e300), float64(2),
	true, false,
	[]byte("123"), []byte("abc"), []byte("3.25"), []byte("true"), []byte(""), []byte(nil), []byte("-5"),
	"77", "x", "true", "1", "", "2.5", "18446744073709551615",
	time.Date(2024, 2, 29, 13, 14, 15, 123456789, time.UTC),
	nil,
	testDecimal{neg: true, coef: []byte{1, 2}, exp: -2},
}

// testDecimal is a driver value in database/sql's decimal form.
type testDecimal struct {
	neg  bool
	coef []byte
	exp  int32
}

func (d testDecimal) Decompose([]byte) (byte, bool, []byte, int32) { return 0, d.neg, d.coef, d.exp }

// decimalDest receives decimals through Compose.
type decimalDest struct{ got string }

func (d *decimalDest) Compose(form byte, neg bool, coef []byte, exp int32) error {
	if form != 0 {
		return errors.New("decimalDest: not finite")
	}
	d.got = fmt.Sprint(neg, coef, exp)
	return nil
}

// composeScanner is a sql.Scanner that also composes decimals, which
// database/sql prefers for decimal values.
type composeScanner struct{ got string }

func (c *composeScanner) Scan(src any) error { c.got = fmt.Sprintf("scan %T", src); return nil }
func (c *composeScanner) Compose(form byte, neg bool, coef []byte, exp int32) error {
	c.got = fmt.Sprint("compose ", neg, coef, exp)
	return nil
}

type myInt int64
type myString string
type myFloat float64
type myBytes []byte

// upperScanner is a sql.Scanner that records what it was given.
type upperScanner struct{ got string }

func (u *upperScanner) Scan(src any) error {
	if src == nil {
		return errors.New("upperScanner: NULL")
	}
	u.got = fmt.Sprintf("%T:%v", src, src)
	return nil
}

// destinations returns fresh Scan destinations of every kind database/sql
// documents.
func destinations() []any {
	var nilInt *int
	return []any{
		new(string), new([]byte), new(any), new(bool),
		new(int), new(int8), new(int16), new(int32), new(int64),
		new(uint), new(uint8), new(uint16), new(uint32), new(uint64),
		new(float32), new(float64), new(time.Time),
		new(sql.NullString), new(sql.NullInt64), new(sql.NullInt32), new(sql.NullInt16),
		new(sql.NullByte), new(sql.NullFloat64), new(sql.NullBool), new(sql.NullTime),
		new(sql.Null[int64]), new(sql.Null[string]),
		new(myInt), new(myString), new(myFloat), new(myBytes),
		new(*int64), new(*string), new(*time.Time),
		new(upperScanner), new(struct{}), new([]int), new(decimalDest), new(composeScanner),
		0, nilInt,
	}
}

func openBoth(t *testing.T) (*sql.DB, *DB, *valuesConnector, *valuesConnector) {
	t.Helper()
	sc, pc := &valuesConnector{}, &valuesConnector{}
	sdb := sql.OpenDB(sc)
	pdb := OpenDB(pc)
	t.Cleanup(func() { sdb.Close(); pdb.Close() })
	return sdb, pdb, sc, pc
}

func deref(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		return rv.Elem().Interface()
	}
	return v
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestScanConversionsMatchDatabaseSQL(t *testing.T) {
	sdb, pdb, _, _ := openBoth(t)
	n := 0
	for i, src := range srcValues {
		q := strconv.Itoa(i)
		sd, pd := destinations(), destinations()
		for k := range sd {
			serr := sdb.QueryRow(q).Scan(sd[k])
			perr := pdb.QueryRow(q).Scan(pd[k])
			if errText(serr) != errText(perr) {
				t.Errorf("src %T(%v) into %T: error %q; database/sql says %q", src, src, pd[k], errText(perr), errText(serr))
				continue
			}
			if !reflect.DeepEqual(deref(sd[k]), deref(pd[k])) {
				t.Errorf("src %T(%v) into %T: got %#v; database/sql stores %#v", src, src, pd[k], deref(pd[k]), deref(sd[k]))
			}
			n++
		}
		// RawBytes is only allowed with Rows.Scan.
		var sraw, praw sql.RawBytes
		serr := scanRows(func() (*sql.Rows, error) { return sdb.Query(q) }, &sraw)
		srawCopy := append([]byte(nil), sraw...)
		prows, err := pdb.Query(q)
		var perr error
		if err != nil {
			perr = err
		} else {
			prows.Next()
			perr = prows.Scan(&praw)
			prawCopy := append([]byte(nil), praw...)
			if !reflect.DeepEqual(srawCopy, prawCopy) || (sraw == nil) != (praw == nil) {
				t.Errorf("src %T(%v) into RawBytes: got %q; database/sql stores %q", src, src, prawCopy, srawCopy)
			}
			prows.Close()
		}
		if errText(serr) != errText(perr) {
			t.Errorf("src %T(%v) into RawBytes: error %q; database/sql says %q", src, src, errText(perr), errText(serr))
		}
		if err := pdb.QueryRow(q).Scan(&praw); errText(err) != errText(sdb.QueryRow(q).Scan(&sraw)) {
			t.Errorf("Row.Scan into RawBytes: %v", err)
		}
	}
	if n < len(srcValues)*30 {
		t.Fatalf("only %d comparisons ran", n)
	}
}

// TestScanPlanFollowsTypeChanges scans rows whose value types change from
// row to row into the same destination, through both packages: the step
// cached for a column must give way whenever the pair of types changes.
func TestScanPlanFollowsTypeChanges(t *testing.T) {
	sdb, pdb, _, _ := openBoth(t)
	for k := range destinations() {
		sd, pd := destinations()[k], destinations()[k]
		srows, err := sdb.Query("all")
		if err != nil {
			t.Fatal(err)
		}
		prows, err := pdb.Query("all")
		if err != nil {
			t.Fatal(err)
		}
		for row := 0; srows.Next(); row++ {
			if !prows.Next() {
				t.Fatalf("%T: sqlpool's rows end before row %d", pd, row)
			}
			serr, perr := srows.Scan(sd), prows.Scan(pd)
			if errText(serr) != errText(perr) {
				t.Errorf("row %d (%T) into %T: error %q; database/sql says %q", row, srcValues[row/2], pd, errText(perr), errText(serr))
			} else if !sameValue(deref(sd), deref(pd)) {
				t.Errorf("row %d (%T) into %T: got %#v; database/sql stores %#v", row, srcValues[row/2], pd, deref(pd), deref(sd))
			}
		}
		if prows.Next() {
			t.Fatalf("%T: sqlpool has more rows than database/sql", pd)
		}
		srows.Close()
		prows.Close()
	}
}

func scanRows(query func() (*sql.Rows, error), dest ...any) error {
	rows, err := query()
	if err != nil {
		return err
	}
	defer rows.Close()
	rows.Next()
	return rows.Scan(dest...)
}

// nullValuer is a Valuer on a value receiver; a nil *nullValuer means NULL.
type nullValuer struct{ s string }

func (v nullValuer) Value() (driver.Value, error) { return "v:" + v.s, nil }

type failValuer struct{}

func (failValuer) Value() (driver.Value, error) { return nil, errors.New("no value") }

func TestArgConversionsMatchDatabaseSQL(t *testing.T) {
	sdb, pdb, sc, pc := openBoth(t)
	var nilValuer *nullValuer
	cases := [][]any{
		{},
		{1, int8(2), int16(3), int32(4), int64(5), uint(6), uint8(7), uint16(8), uint32(9), uint64(10)},
		{float32(1.5), 2.5, true, "s", []byte("b"), time.Unix(0, 0).UTC(), nil},
		{myInt(3), myString("m"), myFloat(0.5), myBytes("x")},
		{sql.Named("a", 1), sql.Named("b", "two")},
		{sql.Named("1bad", 1)},
		{nullValuer{"x"}, nilValuer, sql.NullString{}, sql.NullInt64{Int64: 4, Valid: true}},
		{failValuer{}},
		{struct{}{}},
		{uint64(1 << 63)},
		{new(int), (*int)(nil)},
	}
	for _, args := range cases {
		_, serr := sdb.Exec("x", args...)
		_, perr := pdb.Exec("x", args...)
		if errText(serr) != errText(perr) {
			t.Errorf("args %v: error %q; database/sql says %q", args, errText(perr), errText(serr))
			continue
		}
		if serr == nil && !reflect.DeepEqual(sc.args, pc.args) {
			t.Errorf("args %v: driver got %#v; through database/sql %#v", args, pc.args, sc.args)
		}
	}
}

func TestRowsErrorsMatchDatabaseSQL(t *testing.T) {
	sdb, pdb, _, _ := openBoth(t)
	srows, _ := sdb.Query("0")
	prows, _ := pdb.Query("0")
	var a, b int
	checks := []struct {
		name string
		s, p func() error
	}{
		{"scan before next", func() error { return srows.Scan(&a) }, func() error { return prows.Scan(&a) }},
		{"wrong count", func() error { srows.Next(); return srows.Scan(&a, &b) }, func() error { prows.Next(); return prows.Scan(&a, &b) }},
		{"columns", func() error { c, err := srows.Columns(); return fmt.Errorf("%v %v", c, err) }, func() error { c, err := prows.Columns(); return fmt.Errorf("%v %v", c, err) }},
		{"next at end", func() error { return fmt.Errorf("%v", srows.Next()) }, func() error { return fmt.Errorf("%v", prows.Next()) }},
		{"err at end", srows.Err, prows.Err},
		{"scan after close", func() error { return srows.Scan(&a) }, func() error { return prows.Scan(&a) }},
		{"columns after close", func() error { _, err := srows.Columns(); return err }, func() error { _, err := prows.Columns(); return err }},
		{"close twice", srows.Close, prows.Close},
		{"no rows", func() error { return sdb.QueryRow("99").Scan(&a) }, func() error { return pdb.QueryRow("99").Scan(&a) }},
	}
	for _, c := range checks {
		if s, p := errText(c.s()), errText(c.p()); s != p {
			t.Errorf("%s: %q; database/sql says %q", c.name, p, s)
		}
	}
}

// FuzzScanTextMatchesDatabaseSQL scans arbitrary text, as a string and as
// bytes, into every destination through both packages and requires the
// same values and errors. The seeds run with every go test.
func FuzzScanTextMatchesDatabaseSQL(f *testing.F) {
	for _, seed := range []string{
		"42", "-1", "0", "255", "256", "-129", "65535", "2147483648", "9223372036854775808",
		"18446744073709551615", "18446744073709551616", "1e3", "3.5", "-0.0", "NaN", "Inf", "1e400",
		"0x10", " 7", "7 ", "+5", "true", "false", "T", "1", "", "abc", "\x00", "2024-02-29",
	} {
		f.Add(seed)
	}
	sc, pc := &valuesConnector{}, &valuesConnector{}
	sdb, pdb := sql.OpenDB(sc), OpenDB(pc)
	f.Cleanup(func() { sdb.Close(); pdb.Close() })
	f.Fuzz(func(t *testing.T, text string) {
		// sqlforgevet:reviewed: the text goes to valuesConnector, which reads it as a value, not SQL
		for _, q := range []string{"s:" + text, "b:" + text} {
			sd, pd := destinations(), destinations()
			for k := range sd {
				serr := sdb.QueryRow(q).Scan(sd[k])
				perr := pdb.QueryRow(q).Scan(pd[k])
				if errText(serr) != errText(perr) {
					t.Fatalf("%q into %T: error %q; database/sql says %q", q, pd[k], errText(perr), errText(serr))
				}
				if !sameValue(deref(sd[k]), deref(pd[k])) {
					t.Fatalf("%q into %T: got %#v; database/sql stores %#v", q, pd[k], deref(pd[k]), deref(sd[k]))
				}
			}
		}
	})
}

// sameValue is reflect.DeepEqual that also takes NaN as equal to NaN.
func sameValue(a, b any) bool {
	return reflect.DeepEqual(a, b) || fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b)
}
