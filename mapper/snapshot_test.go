package mapper_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type snapDoc struct {
	Tags []string `json:"tags"`
}

type snapRow struct {
	ID    int64          `db:"id,pk,autoincrement"`
	Name  string         `db:"name"`
	Score float64        `db:"score"`
	Nick  *string        `db:"nick"`
	Blob  []byte         `db:"blob"`
	At    time.Time      `db:"at"`
	Doc   snapDoc        `db:"doc,json"`
	Flags map[string]int `db:"flags,json"`
	Rev   int32          `db:"rev,version"`
}

func snapModel(t *testing.T) *mapper.Model {
	t.Helper()
	reg := mapper.NewRegistry(expr.NewMetaData())
	m := mapper.MustMap[snapRow](reg, "snap_rows")
	if reg.Model(reflect.TypeFor[snapRow]()) != m.Model() {
		t.Fatal("Registry.Model and Mapping.Model disagree")
	}
	return m.Model()
}

func columnNames(m *mapper.Model, idx []int) []string {
	var out []string
	for _, i := range idx {
		out = append(out, m.Table().Columns[i].Name)
	}
	return out
}

// Every kind of change is found, including changes made in place through
// a pointer or a slice the snapshot must not share; setting a field to
// the value it had, or changing it and back, is no change.
func TestSnapshotChanged(t *testing.T) {
	m := snapModel(t)
	nick := "ann"
	row := &snapRow{ID: 1, Name: "Ann", Score: 1.5, Nick: &nick, Blob: []byte("ab"),
		At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Doc: snapDoc{Tags: []string{"x"}}, Rev: 1}
	var s mapper.Snapshot
	if err := m.Snapshot(row, &s); err != nil {
		t.Fatal(err)
	}
	check := func(want ...string) {
		t.Helper()
		got, err := m.Changed(nil, row, &s)
		if err != nil {
			t.Fatal(err)
		}
		if names := columnNames(m, got); !slices.Equal(names, want) {
			t.Errorf("changed %v, want %v", names, want)
		}
	}
	check()
	row.Name = "Ann"               // same value
	row.At = row.At.In(time.Local) // same instant
	check()
	row.Score = 0 // zero is a value
	check("score")
	row.Score = 1.5
	check()
	*row.Nick = "bob" // in place, through the pointer
	row.Blob[0] = 'z' // in place, in the slice
	row.Doc.Tags[0] = "y"
	check("nick", "blob", "doc")
	*row.Nick, row.Blob[0], row.Doc.Tags[0] = "ann", 'a', "x"
	check()
	row.Nick, row.Blob = nil, []byte{} // NULL, and empty is not NULL
	row.Flags = map[string]int{}       // null JSON -> {}
	check("nick", "blob", "flags")
}

// Restore puts back what the snapshot holds, and the snapshot survives
// later changes to the restored object.
func TestSnapshotRestore(t *testing.T) {
	m := snapModel(t)
	nick := "ann"
	row := &snapRow{ID: 1, Name: "Ann", Nick: &nick, Blob: []byte("ab"), Doc: snapDoc{Tags: []string{"x"}}}
	var s mapper.Snapshot
	if err := m.Snapshot(row, &s); err != nil {
		t.Fatal(err)
	}
	row.Name, *row.Nick, row.Blob, row.Doc.Tags = "Bob", "bob", nil, nil
	if err := m.Restore(row, &s); err != nil {
		t.Fatal(err)
	}
	if row.Name != "Ann" || *row.Nick != "ann" || string(row.Blob) != "ab" || !slices.Equal(row.Doc.Tags, []string{"x"}) {
		t.Fatalf("restored %+v (nick %q)", row, *row.Nick)
	}
	*row.Nick = "carl"
	if got, _ := m.Changed(nil, row, &s); !slices.Equal(columnNames(m, got), []string{"nick"}) {
		t.Errorf("after restore and change: %v", columnNames(m, got))
	}
}

func TestModelFields(t *testing.T) {
	m := snapModel(t)
	row := &snapRow{}
	if err := m.SetField(row, 0, int32(7)); err != nil { // converted to int64
		t.Fatal(err)
	}
	if err := m.SetField(row, 3, "nick"); err != nil { // into a pointer field
		t.Fatal(err)
	}
	if row.ID != 7 || row.Nick == nil || *row.Nick != "nick" {
		t.Fatalf("SetField: %+v", row)
	}
	if v := m.FieldValue(row, 0); v != any(int64(7)) {
		t.Errorf("FieldValue = %#v", v)
	}
	var ve *mapper.ValueError
	if err := m.SetField(row, 1, 3.5); !errors.As(err, &ve) {
		t.Errorf("float into string: %v", err)
	}
	if err := m.SetField(row, 1, 65); !errors.As(err, &ve) {
		t.Errorf("int into string: %v (name %q)", err, row.Name)
	}
	if err := m.Check(&struct{}{}); !errors.As(err, &ve) {
		t.Errorf("Check of another type: %v", err)
	}
	if err := m.Check((*snapRow)(nil)); !errors.As(err, &ve) {
		t.Errorf("Check of nil: %v", err)
	}
	if m.Version() != 8 || !slices.Equal(m.PrimaryKey(), []int{0}) || m.Updatable(0) || !m.Updatable(1) || m.Updatable(8) {
		t.Errorf("version %d, key %v", m.Version(), m.PrimaryKey())
	}
}

// The snapshots of a block each hold their own copy: changing one
// object is a change of that object only; the block hands out as many
// copies as it was made for.
func TestSnapshotBlock(t *testing.T) {
	m := snapModel(t)
	rows := []*snapRow{{ID: 1, Name: "a"}, {ID: 2, Name: "b"}, {ID: 3, Name: "c"}}
	block := m.NewSnapshots(len(rows))
	snaps := make([]mapper.Snapshot, len(rows))
	for i, r := range rows {
		if !block.Take(&snaps[i]) {
			t.Fatalf("block used up at %d of %d", i, len(rows))
		}
		if err := m.Snapshot(r, &snaps[i]); err != nil {
			t.Fatal(err)
		}
	}
	var extra mapper.Snapshot
	if block.Take(&extra) {
		t.Error("a block of 3 handed out a 4th copy")
	}
	rows[1].Name = "B"
	for i, r := range rows {
		got, err := m.Changed(nil, r, &snaps[i])
		if err != nil {
			t.Fatal(err)
		}
		want := []string(nil)
		if i == 1 {
			want = []string{"name"}
		}
		if names := columnNames(m, got); !slices.Equal(names, want) {
			t.Errorf("row %d: changed %v; want %v", i, names, want)
		}
	}
}
