package mapper_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

type Org struct {
	ID   int64  `db:"id,pk,autoincrement"`
	Name string `db:"name,type=varchar(100),unique"`
}

// Audit is embedded in models; its columns are flattened into theirs.
type Audit struct {
	CreatedAt time.Time  `db:"created_at,insertonly,serverdefault"`
	UpdatedAt *time.Time `db:"updated_at"`
}

type Prefs struct {
	Theme string `json:"theme"`
}

type User struct {
	ID      int64   `db:"id,pk,autoincrement"`
	Email   string  `db:"email,type=varchar(200),unique"`
	Name    *string `db:"name"`
	OrgID   int64   `db:"org_id,references=orgs.id,ondelete=cascade,index"`
	Prefs   Prefs   `db:"prefs,json"`
	Version int64   `db:"version,version"`
	Audit   `db:",prefix=audit_"`
	Org     *Org `rel:""`
}

// A mapped struct is a table: its columns go straight into expressions,
// and Insert and Update take their values from structs.
func Example() {
	meta := expr.NewMetaData()
	reg := mapper.NewRegistry(meta)
	mapper.MustMap[Org](reg, "orgs")
	users := mapper.MustMap[User](reg, "users",
		mapper.ColumnOptions("audit_created_at", expr.ServerDefault("CURRENT_TIMESTAMP")))
	reg.MustResolve()

	for _, c := range users.Columns {
		fmt.Printf("%-16s %-12s nullable=%v\n", c.Name, c.Type, c.Nullable)
	}

	q := users.Select().Where(users.Field("Email").Eq("ann@example.com"))
	fmt.Println("select items:", len(q.Clauses().Items))

	ins, err := users.Insert(&User{Email: "ann@example.com", OrgID: 1})
	if err != nil {
		panic(err)
	}
	var names []string
	for _, c := range ins.Clauses().Columns {
		names = append(names, c.Name)
	}
	fmt.Println("insert:", strings.Join(names, " "))

	org := users.Relationship("Org")
	fmt.Println(org.Kind, org.ForeignKey.Columns[0].Name, "->", org.Target.Name)
	// Output:
	// id               BIGINT       nullable=false
	// email            VARCHAR(200) nullable=false
	// name             TEXT         nullable=true
	// org_id           BIGINT       nullable=false
	// prefs            JSON         nullable=false
	// version          BIGINT       nullable=false
	// audit_created_at TIMESTAMPTZ  nullable=false
	// audit_updated_at TIMESTAMPTZ  nullable=true
	// select items: 8
	// insert: email name org_id prefs version audit_updated_at
	// many-to-one org_id -> orgs
}

// Everything a mapping names is checked when it is built: a misspelt
// column is an error at start-up, not at the first query.
func ExampleMap_errors() {
	type Post struct {
		ID    int64  `db:"id,pk"`
		Title string `db:"title,uniq"`
	}
	_, err := mapper.Map[Post](mapper.NewRegistry(expr.NewMetaData()), "posts")
	fmt.Println(err)
	fmt.Println(errors.Is(err, mapper.ErrMapping))
	// Output:
	// mapper: cannot map mapper_test.Post.Title: unknown tag option "uniq"
	// true
}

// A field of type Sensitive prints redacted wherever its struct is
// printed; its column is sensitive, so the engine keeps its values out of
// hooks, logs and error text too.
func ExampleSensitive() {
	type Patient struct {
		ID  int64                    `db:"id,pk"`
		SSN mapper.Sensitive[string] `db:"ssn"`
	}
	patients := mapper.MustMap[Patient](mapper.NewRegistry(expr.NewMetaData()), "patients")
	p := Patient{ID: 1, SSN: mapper.NewSensitive("078-05-1120")}
	fmt.Printf("%+v\n", p)
	fmt.Println(p.SSN.Reveal(), patients.C("ssn").Sensitive)
	// Output:
	// {ID:1 SSN:[sensitive]}
	// 078-05-1120 true
}
