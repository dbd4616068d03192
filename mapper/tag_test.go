package mapper

import (
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"ID": "id", "OrgID": "org_id", "CreatedAt": "created_at", "HTTPServer": "http_server",
		"Name": "name", "A1B": "a1_b", "userName": "user_name", "URL": "url", "PDFFile2": "pdf_file2",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestParseSQLType(t *testing.T) {
	for in, want := range map[string]string{
		"varchar(20)": "VARCHAR(20)", "numeric(10,2)": "NUMERIC(10,2)", "numeric(7)": "NUMERIC(7,0)",
		"UUID": "UUID", "timestamp": "TIMESTAMP", "bytes(16)": "BYTES", "date": "DATE", "json": "JSON",
	} {
		got, ok := parseSQLType(in)
		if !ok || got.String() != want {
			t.Errorf("parseSQLType(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"varchar", "varchar(x)", "numeric(1,2,3)", "serial", "text(5)", "varchar(5"} {
		if _, ok := parseSQLType(in); ok {
			t.Errorf("parseSQLType(%q) accepted", in)
		}
	}
	if got, _ := parseSQLType("bytes(16)"); got.Kind != expr.KindBytes || got.Length != 16 {
		t.Errorf("bytes(16): got %+v", got)
	}
}

func TestSplitTag(t *testing.T) {
	got := splitTag("amount,type=numeric(10,2),notnull")
	if len(got) != 3 || got[1] != "type=numeric(10,2)" {
		t.Fatalf("got %q", got)
	}
}

// A softdelete column must be a *time.Time: NULL while the row is live.
func TestSoftDeleteNeedsNullableTime(t *testing.T) {
	type bad struct {
		ID      int64 `db:"id,pk"`
		Deleted bool  `db:"deleted,softdelete"`
	}
	type good struct {
		ID      int64      `db:"id,pk"`
		Deleted *time.Time `db:"deleted,softdelete"`
	}
	if _, err := Map[bad](NewRegistry(expr.NewMetaData()), "bad"); err == nil {
		t.Error("a bool softdelete column was accepted")
	}
	m, err := Map[good](NewRegistry(expr.NewMetaData()), "good")
	if err != nil || m.Model().SoftDelete() != 1 {
		t.Fatalf("a *time.Time softdelete column: %v", err)
	}
}

// A deferred column is left out of Select; a key cannot be deferred.
func TestDeferredColumns(t *testing.T) {
	type doc struct {
		ID   int64  `db:"id,pk"`
		Body string `db:"body,deferred"`
	}
	m, err := Map[doc](NewRegistry(expr.NewMetaData()), "docs")
	if err != nil {
		t.Fatal(err)
	}
	if items := m.Model().Select().Clauses().Items; len(items) != 1 || !m.Model().Deferred(1) {
		t.Errorf("Model.Select of a table with a deferred column: %d items; want 1", len(items))
	}
	if items := m.Select().Clauses().Items; len(items) != 1 {
		t.Errorf("Mapping.Select: %d items; want 1", len(items))
	}
	type badKey struct {
		ID int64 `db:"id,pk,deferred"`
	}
	if _, err := Map[badKey](NewRegistry(expr.NewMetaData()), "bad"); err == nil {
		t.Error("a deferred primary key was accepted")
	}
}
