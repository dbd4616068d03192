package mappertest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

var cmpOpts = cmp.Options{
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
	cmpopts.EquateEmpty(),
}

// Every expr type goes in through Mapping.Insert and comes back through a
// cached plan unchanged: time zones as instants, numeric digits exactly,
// JSON, UUID, bytes, enums and a user-defined type, with and without NULL.
func TestRoundTrip(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *db) {
		meta := expr.NewMetaData()
		kinds := mapper.MustMap[Kinds](mapper.NewRegistry(meta), "kinds")
		d.create(t, meta)
		want := kindsRows()
		st, err := kinds.Insert(want...)
		if err != nil {
			t.Fatal(err)
		}
		if n := d.run(t, st); n != 2 {
			t.Fatalf("inserted %d rows; want 2", n)
		}
		got, err := mapper.All[Kinds](d.rows(t, kinds.Select().OrderBy(kinds.C("id").Asc())))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(derefAll(want), got, cmpOpts); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
		// The same rows as pointers and one at a time.
		ptrs, err := mapper.All[*Kinds](d.rows(t, kinds.Select().OrderBy(kinds.C("id").Asc())))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, ptrs, cmpOpts); diff != "" {
			t.Errorf("pointers (-want +got):\n%s", diff)
		}
		one, err := mapper.One[Kinds](d.rows(t, kinds.Select().Where(kinds.C("id").Eq(2))))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(*want[1], one, cmpOpts); diff != "" {
			t.Errorf("One (-want +got):\n%s", diff)
		}
		// The nullzero fields stored NULL for their zero values.
		n, err := mapper.One[int64](d.rows(t, expr.Select(expr.CountAll()).From(kinds.Table).Where(kinds.C("zero").IsNull(), kinds.C("zero_s").IsNull())))
		if err != nil || n != 1 {
			t.Errorf("rows with NULL nullzero columns: got %d, %v; want 1", n, err)
		}
		// A time zone survives as the same instant.
		tz, err := mapper.One[time.Time](d.rows(t, expr.Select(kinds.C("stamp_tz")).From(kinds.Table).Where(kinds.C("id").Eq(1))))
		if err != nil || !tz.Equal(want[0].StampTZ) {
			t.Errorf("stamp_tz: got %v, %v; want %v", tz, err, want[0].StampTZ)
		}
	})
}

func derefAll[T any](ps []*T) []T {
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}

// Shapes the scanners take, on every database: maps, scalars, nullable
// scalars, and Into for an INSERT's RETURNING columns.
func TestScanShapes(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *db) {
		meta := expr.NewMetaData()
		reg := mapper.NewRegistry(meta)
		notes := mapper.MustMap[Note](reg, "notes",
			mapper.ColumnOptions("created", expr.ServerDefault("CURRENT_TIMESTAMP")))
		d.create(t, meta)

		n := &Note{Body: "first", Tag: ptr("x")}
		ins, err := notes.Insert(n)
		if err != nil {
			t.Fatal(err)
		}
		if err := mapper.Into(d.rows(t, ins.Returning(notes.C("id"), notes.C("created"))), n); err != nil {
			t.Fatal(err)
		}
		if n.ID == 0 || n.Created.IsZero() || n.Body != "first" {
			t.Fatalf("after INSERT ... RETURNING: got %+v", n)
		}
		ins, _ = notes.Insert(&Note{Body: "second"}, &Note{Body: "third", Tag: ptr("y")})
		d.run(t, ins)

		bodies, err := mapper.All[string](d.rows(t, expr.Select(notes.C("body")).From(notes.Table).OrderBy(notes.C("id").Asc())))
		if diff := cmp.Diff([]string{"first", "second", "third"}, bodies); err != nil || diff != "" {
			t.Errorf("scalars: %v %s", err, diff)
		}
		tags, err := mapper.All[*string](d.rows(t, expr.Select(notes.C("tag")).From(notes.Table).OrderBy(notes.C("id").Asc())))
		if diff := cmp.Diff([]*string{ptr("x"), nil, ptr("y")}, tags); err != nil || diff != "" {
			t.Errorf("nullable scalars: %v %s", err, diff)
		}
		maps, err := mapper.All[map[string]any](d.rows(t, expr.Select(notes.C("body"), notes.C("tag")).From(notes.Table).OrderBy(notes.C("id").Asc())))
		if err != nil || len(maps) != 3 || maps[1]["tag"] != nil || asString(maps[2]["body"]) != "third" {
			t.Errorf("maps: got %v, %v", maps, err)
		}
		_, err = mapper.One[Note](d.rows(t, notes.Select().Where(notes.C("id").Eq(-1))))
		if !errors.Is(err, mapper.ErrNoRows) {
			t.Errorf("no rows: got %v; want ErrNoRows", err)
		}
	})
}

func asString(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case []byte:
		return string(s)
	}
	return ""
}

type Note struct {
	ID      int64     `db:"id,pk,autoincrement"`
	Body    string    `db:"body,type=varchar(100)"`
	Tag     *string   `db:"tag,type=varchar(20)"`
	Created time.Time `db:"created,readonly"`
	Rev     int64     `db:"rev,version"`
}

// NULL into a non-nullable field and a result column without a field are
// typed errors naming the column, whatever the driver's own message.
func TestScanErrors(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *db) {
		meta := expr.NewMetaData()
		notes := mapper.MustMap[Note](mapper.NewRegistry(meta), "notes",
			mapper.ColumnOptions("created", expr.ServerDefault("CURRENT_TIMESTAMP")))
		d.create(t, meta)
		ins, _ := notes.Insert(&Note{Body: "b"})
		d.run(t, ins)

		type body struct {
			Body string `db:"body"`
		}
		_, err := mapper.All[body](d.rows(t, expr.Select(notes.C("tag").As("body")).From(notes.Table)))
		var ne *mapper.NullError
		if !errors.As(err, &ne) || ne.Column != "body" || ne.Field != "Body" {
			t.Errorf("NULL into string: got %v; want *NullError for body", err)
		}
		_, err = mapper.All[string](d.rows(t, expr.Select(notes.C("tag")).From(notes.Table)))
		if !errors.As(err, &ne) || ne.Column != "tag" {
			t.Errorf("NULL into a string scalar: got %v; want *NullError for tag", err)
		}
		_, err = mapper.All[body](d.rows(t, notes.Select()))
		var ue *mapper.UnknownColumnError
		if !errors.As(err, &ue) || ue.Column != "id" {
			t.Errorf("unknown column: got %v; want *UnknownColumnError for id", err)
		}
		got, err := mapper.All[body](d.rows(t, notes.Select()), mapper.IgnoreUnknownColumns)
		if err != nil || len(got) != 1 || got[0].Body != "b" {
			t.Errorf("IgnoreUnknownColumns: got %v, %v", got, err)
		}
	})
}

// Update bumps the version column and matches the version read: a second
// update from the same stale copy changes nothing.
func TestOptimisticUpdate(t *testing.T) {
	forEachDB(t, func(t *testing.T, d *db) {
		meta := expr.NewMetaData()
		notes := mapper.MustMap[Note](mapper.NewRegistry(meta), "notes",
			mapper.ColumnOptions("created", expr.ServerDefault("CURRENT_TIMESTAMP")))
		d.create(t, meta)
		ins, _ := notes.Insert(&Note{ID: 1, Body: "v1", Rev: 1})
		d.run(t, ins)
		n, err := mapper.One[Note](d.rows(t, notes.Select().Where(notes.C("id").Eq(1))))
		if err != nil {
			t.Fatal(err)
		}
		stale := n
		n.Body = "v2"
		up, err := notes.Update(&n)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.run(t, up); got != 1 {
			t.Fatalf("first update: %d rows; want 1", got)
		}
		stale.Body = "lost"
		up, _ = notes.UpdateColumns(&stale, notes.C("body"))
		if got := d.run(t, up); got != 0 {
			t.Fatalf("stale update: %d rows; want 0", got)
		}
		n, err = mapper.One[Note](d.rows(t, notes.Select().Where(notes.C("id").Eq(1))))
		if err != nil || n.Body != "v2" || n.Rev != 2 {
			t.Fatalf("after updates: got %+v, %v; want body v2, rev 2", n, err)
		}
	})
}
