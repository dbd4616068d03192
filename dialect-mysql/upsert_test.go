package mysqldialect_test

import (
	"errors"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/sqlforge/sqlforge/compile"
	"github.com/sqlforge/sqlforge/expr"
)

// TestDoNothingSkipsOnlyDuplicates checks on the server that ON CONFLICT
// DO NOTHING, which MySQL and MariaDB run as ON DUPLICATE KEY UPDATE of a
// column to itself, skips a duplicate key as not affected and lets every
// other error fail the statement: a NOT NULL violation, a foreign key
// violation and a value too long for its column (INSERT IGNORE would have
// stored a changed row with a warning for each).
func TestDoNothingSkipsOnlyDuplicates(t *testing.T) {
	db := openDB(t)
	c := compile.New(dialect(t, db))
	m := expr.NewMetaData()
	parents := m.MustTable("parents", expr.Col("id", expr.Integer, expr.PK))
	kids := m.MustTable("kids",
		expr.Col("id", expr.Integer, expr.PK),
		expr.Col("name", expr.Varchar(5), expr.NotNull),
		expr.Col("parent_id", expr.Integer, expr.References("parents.id")),
	)
	exec := func(st expr.Statement) (int64, error) {
		t.Helper()
		q, args, err := c.Compile(st, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Exec(q, args...)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	}
	for _, st := range []expr.Statement{
		expr.CreateTable(parents), expr.CreateTable(kids),
		expr.Insert(parents).Values(1), expr.Insert(kids).Values(1, "ann", 1),
	} {
		if _, err := exec(st); err != nil {
			t.Fatal(err)
		}
	}
	insert := func(id int, name any, parent int) expr.Statement {
		return expr.Insert(kids).Values(id, name, parent).OnConflict(kids.C("id")).DoNothing()
	}

	if n, err := exec(insert(1, "bob", 1)); err != nil || n != 0 {
		t.Errorf("duplicate key: %d rows affected, %v; want 0, nil", n, err)
	}
	for _, tc := range []struct {
		name string
		st   expr.Statement
		code uint16
	}{
		{"NOT NULL", insert(2, nil, 1), 1048},
		{"foreign key", insert(3, "cid", 99), 1452},
		{"too long", insert(4, "too long", 1), 1406},
	} {
		_, err := exec(tc.st)
		var me *mysql.MySQLError
		if !errors.As(err, &me) || me.Number != tc.code {
			t.Errorf("%s: got %v; want MySQL error %d", tc.name, err, tc.code)
		}
	}
	var names string
	if err := db.QueryRow("SELECT GROUP_CONCAT(name ORDER BY id) FROM kids").Scan(&names); err != nil {
		t.Fatal(err)
	}
	if names != "ann" {
		t.Errorf("kids: %q; want only ann, unchanged", names)
	}
}
