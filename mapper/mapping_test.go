package mapper_test

import (
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type Base struct {
	CreatedAt time.Time `db:"created_at,readonly"`
	internal  int       //nolint:unused // unexported fields are skipped
}

type Address struct {
	Street string `db:"street"`
	City   string `db:"city,index=city_zip"`
	Zip    string `db:"zip,index=city_zip"`
}

type Kitchen struct {
	ID        int64           `db:"id,pk,autoincrement"`
	Code      string          `db:"code,type=varchar(12),unique"`
	Tenant    int32           `db:"tenant,unique=tenant_slug"`
	Slug      string          `db:"slug,unique=tenant_slug,index"`
	Owner     int64           `db:"owner_id,references=owners.id,ondelete=setnull,onupdate=cascade,nullable"`
	Amount    string          `db:"amount,type=numeric(12,4)"`
	Ratio     float32         `db:"ratio"`
	Small     int16           `db:"small"`
	Flag      bool            `db:"flag"`
	Blob      []byte          `db:"blob"`
	Raw       json.RawMessage `db:"raw"`
	UUID      string          `db:"uuid,type=uuid"`
	Day       time.Time       `db:"day,type=date"`
	Status    Status          `db:"status"`
	Price     Cents           `db:"price"`
	MaybeName sql.NullString  `db:"maybe_name"`
	MaybeN    sql.Null[int16] `db:"maybe_n"`
	Nick      *string         `db:"nick,notnull"`
	Doc       Doc             `db:"doc,json"`
	Opt       *Doc            `db:"opt,json"`
	Hits      int64           `db:"hits,nullzero"`
	Rev       int64           `db:"rev,version"`
	Stamp     time.Time       `db:"stamp,insertonly,serverdefault"`
	Ignored   string          `db:"-"`
	HTTPCode  int             // no tag: snake_case name
	Base                      // embedded, no prefix
	Home      Address         `db:",embed,prefix=home_"`
	Work      Address         `db:",embed,prefix=work_"`
}

type Owner struct {
	ID int64 `db:"id,pk"`
}

func TestMapEveryTag(t *testing.T) {
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	mapper.MustMap[Owner](reg, "owners")
	k, err := mapper.Map[Kitchen](reg, "kitchens", mapper.TableOptions(expr.Check("positive_hits", "hits >= 0")))
	if err != nil {
		t.Fatal(err)
	}
	if err := meta.Resolve(); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range k.Columns {
		names = append(names, c.Name)
	}
	want := "id code tenant slug owner_id amount ratio small flag blob raw uuid day status price maybe_name maybe_n nick doc opt hits rev stamp http_code created_at home_street home_city home_zip work_street work_city work_zip"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("columns:\ngot  %s\nwant %s", got, want)
	}
	type colWant struct {
		typ      string
		nullable bool
	}
	types := map[string]colWant{
		"id": {"BIGINT", false}, "code": {"VARCHAR(12)", false}, "tenant": {"INTEGER", false},
		"owner_id": {"BIGINT", true}, "amount": {"NUMERIC(12,4)", false}, "ratio": {"FLOAT", false},
		"small": {"SMALLINT", false}, "flag": {"BOOLEAN", false}, "blob": {"BYTES", true}, "raw": {"JSON", true},
		"uuid": {"UUID", false}, "day": {"DATE", false}, "status": {`ENUM status["active" "banned"]`, false},
		"price": {"BIGINT", false}, "maybe_name": {"TEXT", true}, "maybe_n": {"SMALLINT", true},
		"nick": {"TEXT", false}, "doc": {"JSON", false}, "opt": {"JSON", true}, "hits": {"BIGINT", true},
		"rev": {"BIGINT", false}, "stamp": {"TIMESTAMPTZ", false}, "http_code": {"BIGINT", false},
		"created_at": {"TIMESTAMPTZ", false}, "home_city": {"TEXT", false},
	}
	for name, w := range types {
		c := k.C(name)
		if c.Type.String() != w.typ || c.Nullable != w.nullable {
			t.Errorf("%s: got %s nullable=%v; want %s nullable=%v", name, c.Type, c.Nullable, w.typ, w.nullable)
		}
	}
	if !k.C("id").PrimaryKey || !k.C("id").AutoIncrement || len(k.PrimaryKey) != 1 {
		t.Error("id: want the autoincrement primary key")
	}
	if !k.C("code").Unique || !k.C("slug").Indexed {
		t.Error("code unique, slug indexed: not set")
	}
	if k.C("price").Type.User == nil {
		t.Error("price: want the user-defined type")
	}
	if len(k.Uniques) != 1 || k.Uniques[0].Name != "tenant_slug" || len(k.Uniques[0].Columns) != 2 {
		t.Errorf("uniques: got %+v", k.Uniques)
	}
	if len(k.ForeignKeys) != 1 {
		t.Fatalf("foreign keys: got %d; want 1", len(k.ForeignKeys))
	}
	fk := k.ForeignKeys[0]
	if fk.RefTable.Name != "owners" || fk.RefColumns[0].Name != "id" || fk.OnDelete != expr.SetNull || fk.OnUpdate != expr.Cascade {
		t.Errorf("foreign key: got %+v", fk)
	}
	if len(k.Checks) != 1 {
		t.Error("table option Check not applied")
	}
	if k.VersionColumn() != k.C("rev") {
		t.Error("version column: want rev")
	}
	if k.Field("Home.City") != k.C("home_city") || k.Field("CreatedAt") != k.C("created_at") || k.Field("HTTPCode") != k.C("http_code") {
		t.Error("Field: wrong column")
	}
	if _, err := k.LookupField("City"); !errors.Is(err, expr.ErrUnknownColumn) {
		t.Errorf("ambiguous promoted field: got %v; want ErrUnknownColumn", err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Field with a misspelt name did not panic")
			}
		}()
		k.Field("Emial")
	}()
}

func TestIndexNamesTakeTheEmbedPrefix(t *testing.T) {
	// Two embeds of one struct: the prefix keeps their named indexes apart.
	// The index tag of slug is one index in AllIndexes (what CreateAll
	// creates), named as expr names an Indexed column's index.
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	mapper.MustMap[Owner](reg, "owners")
	k := mapper.MustMap[Kitchen](reg, "kitchens")
	var got []string
	for _, ix := range k.AllIndexes() {
		got = append(got, ix.Name+"("+strings.Join(colNames(ix.Columns), ",")+")")
	}
	if want := "ix_kitchens_slug(slug) home_city_zip(home_city,home_zip) work_city_zip(work_city,work_zip)"; strings.Join(got, " ") != want {
		t.Fatalf("indexes: got %v; want %s", got, want)
	}
}

func TestMapErrors(t *testing.T) {
	type ok struct {
		ID int64 `db:"id,pk"`
	}
	cases := []struct {
		name string
		m    func(*mapper.Registry) error
		want string
	}{
		{"unknown option", mapErr[struct {
			A int `db:"a,primary"`
		}](), `unknown tag option "primary"`},
		{"option needs value", mapErr[struct {
			A int `db:"a,references"`
		}](), `"references" needs a value`},
		{"option takes no value", mapErr[struct {
			A int `db:"a,pk=yes"`
		}](), `"pk" takes no value`},
		{"bad type", mapErr[struct {
			A int `db:"a,type=bigserial"`
		}](), `unknown SQL type "bigserial"`},
		{"bad numeric", mapErr[struct {
			A string `db:"a,type=numeric(x,2)"`
		}](), `unknown SQL type`},
		{"bad action", mapErr[struct {
			A int `db:"a,references=t.id,ondelete=explode"`
		}](), `unknown referential action "explode"`},
		{"action without references", mapErr[struct {
			A int `db:"a,ondelete=cascade"`
		}](), `need references=`},
		{"readonly insertonly", mapErr[struct {
			A int `db:"a,readonly,insertonly"`
		}](), `exclude each other`},
		{"nullable pk", mapErr[struct {
			A *int `db:"a,pk"`
		}](), `primary key`},
		{"pk nullable tag", mapErr[struct {
			A int `db:"a,pk,nullable"`
		}](), `primary key column cannot be nullable`},
		{"embed non-struct", mapErr[struct {
			A int `db:",embed"`
		}](), `embed needs a struct field`},
		{"embedded pointer", mapErr[struct {
			*Address
		}](), `embedded struct pointers`},
		{"map without json", mapErr[struct {
			A map[string]int
		}](), `cannot infer a column type`},
		{"struct without embed", mapErr[struct {
			A Address
		}](), `cannot infer a column type`},
		{"duplicate column", mapErr[struct {
			A int `db:"x"`
			B int `db:"x"`
		}](), `column "x" is mapped twice`},
		{"version string", mapErr[struct {
			A string `db:"a,version"`
		}](), `integer Go type`},
		{"autoincrement string", mapErr[struct {
			A string `db:"a,autoincrement"`
		}](), `integer Go type`},
		{"nullzero pointer", mapErr[struct {
			A *int `db:"a,nullzero"`
		}](), `nullzero is for non-nullable`},
		{"prefix on column", mapErr[struct {
			A int `db:"a,prefix=x_"`
		}](), `prefix= applies to embedded structs`},
		{"db and rel", mapErr[struct {
			A *Owner `db:"a" rel:""`
		}](), `both db and rel`},
		{"override user type", mapErr[struct {
			A Cents `db:"a,type=text"`
		}](), `cannot override the user-defined type`},
		{"no fields", mapErr[struct {
			A int `db:"-"`
		}](), `no mapped fields`},
		{"not a struct", func(r *mapper.Registry) error { _, err := mapper.Map[int](r, "t"); return err }, `not a struct type`},
		{"column option unknown column", func(r *mapper.Registry) error {
			_, err := mapper.Map[ok](r, "t", mapper.ColumnOptions("idd", expr.NotNull))
			return err
		}, `ColumnOptions names unknown column "idd"`},
		{"table option unknown column", func(r *mapper.Registry) error {
			_, err := mapper.Map[ok](r, "t", mapper.TableOptions(expr.IndexOn("ix", "nope")))
			return err
		}, `unknown column "nope"`},
		{"mapped twice", func(r *mapper.Registry) error {
			mapper.MustMap[ok](r, "t")
			_, err := mapper.Map[ok](r, "t2")
			return err
		}, `already mapped`},
		{"table twice", func(r *mapper.Registry) error {
			mapper.MustMap[Owner](r, "t")
			_, err := mapper.Map[ok](r, "t")
			return err
		}, `defined twice`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.m(mapper.NewRegistry(expr.NewMetaData()))
			if !errors.Is(err, mapper.ErrMapping) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v; want ErrMapping containing %q", err, c.want)
			}
			var me *mapper.MappingError
			if !errors.As(err, &me) {
				t.Fatalf("got %T; want *MappingError", err)
			}
		})
	}
}

func mapErr[T any]() func(*mapper.Registry) error {
	return func(r *mapper.Registry) error {
		_, err := mapper.Map[T](r, "t")
		return err
	}
}

func TestMustMapPanics(t *testing.T) {
	defer func() {
		if _, ok := recover().(*mapper.MappingError); !ok {
			t.Error("MustMap did not panic with a *MappingError")
		}
	}()
	mapper.MustMap[struct {
		A int `db:"a,bogus"`
	}](mapper.NewRegistry(expr.NewMetaData()), "t")
}
