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

// TestConflictTargetBesideAnotherKey checks on the server why OnConflict
// refuses a target when the INSERT writes every column of another unique
// key: ON DUPLICATE KEY UPDATE, the SQL it would compile to, updates the
// row that holds the other key's duplicate (account 1 renamed "mallory"),
// where ON CONFLICT (id) fails with a unique violation. The statement is
// refused; without the id, which the server generates, the email is the
// only key the INSERT can conflict in, and the upsert updates its owner.
func TestConflictTargetBesideAnotherKey(t *testing.T) {
	db := openDB(t)
	c := compile.New(dialect(t, db))
	m := expr.NewMetaData()
	acc := m.MustTable("accounts",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("email", expr.Varchar(100), expr.Unique),
		expr.Col("name", expr.Varchar(100)),
	)
	exec := func(st expr.Statement) {
		t.Helper()
		q, args, err := c.Compile(st, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	names := func() string {
		t.Helper()
		var s string
		if err := db.QueryRow("SELECT GROUP_CONCAT(CONCAT(email, ':', name) ORDER BY email) FROM accounts").Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	exec(expr.CreateTable(acc))
	exec(expr.Insert(acc).Values(1, "a@x", "alice").Values(2, "b@x", "bob"))

	name := expr.Assign(acc.C("name"), expr.Excluded(acc.C("name")))
	st := expr.Insert(acc).Values(3, "a@x", "mallory").OnConflict(acc.C("id")).DoUpdate(name)
	q, _, err := c.Compile(st, nil)
	var ue *compile.UnsupportedError
	if !errors.As(err, &ue) {
		t.Fatalf("OnConflict(id) writing a taken email: got %q, %v; want an *UnsupportedError", q, err)
	}

	// What the old compile ran: the server acts on the email's duplicate.
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO accounts (id, email, name) VALUES (3, 'a@x', 'mallory') ON DUPLICATE KEY UPDATE name = VALUES(name)"); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := tx.QueryRow("SELECT name FROM accounts WHERE id = 1").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got != "mallory" {
		t.Fatalf("server: account 1 is %q after ON DUPLICATE KEY UPDATE; the refusal assumes %q", got, "mallory")
	}

	// The id left to the server: only the email can conflict.
	exec(expr.Insert(acc).Columns(acc.C("email"), acc.C("name")).Values("a@x", "Alice B.").Values("c@x", "cid").
		OnConflict(acc.C("email")).DoUpdate(name))
	if got, want := names(), "a@x:Alice B.,b@x:bob,c@x:cid"; got != want {
		t.Errorf("accounts: %q; want %q", got, want)
	}
}

// TestDoUpdateReadsEarlierSet checks on the server why DO UPDATE refuses
// an assignment that reads a column an earlier one sets: ON DUPLICATE KEY
// UPDATE evaluates left to right, so y = x after x = VALUES(x) reads the
// new x, where PostgreSQL and SQLite read the existing row's. Setting y
// first gives what DO UPDATE means on every database.
func TestDoUpdateReadsEarlierSet(t *testing.T) {
	db := openDB(t)
	c := compile.New(dialect(t, db))
	m := expr.NewMetaData()
	pt := m.MustTable("points",
		expr.Col("id", expr.Integer, expr.PK),
		expr.Col("x", expr.Integer),
		expr.Col("y", expr.Integer),
	)
	exec := func(st expr.Statement) {
		t.Helper()
		q, args, err := c.Compile(st, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	point := func() (x, y int) {
		t.Helper()
		if err := db.QueryRow("SELECT x, y FROM points WHERE id = 1").Scan(&x, &y); err != nil {
			t.Fatal(err)
		}
		return x, y
	}
	exec(expr.CreateTable(pt))
	exec(expr.Insert(pt).Values(1, 10, 0))
	x, y := pt.C("x"), pt.C("y")
	insert := func() *expr.InsertStmt { return expr.Insert(pt).Values(1, 20, 0).OnConflict(pt.C("id")) }

	q, _, err := c.Compile(insert().DoUpdate(expr.Assign(x, expr.Excluded(x)), expr.Assign(y, x)), nil)
	var ue *compile.UnsupportedError
	if !errors.As(err, &ue) {
		t.Fatalf("y = x after x = Excluded(x): got %q, %v; want an *UnsupportedError", q, err)
	}

	// What the old compile ran: y reads the new x.
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO points (id, x, y) VALUES (1, 20, 0) ON DUPLICATE KEY UPDATE x = VALUES(x), y = x"); err != nil {
		t.Fatal(err)
	}
	var newY int
	if err := tx.QueryRow("SELECT y FROM points WHERE id = 1").Scan(&newY); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if newY != 20 {
		t.Fatalf("server: y = %d; the refusal assumes ON DUPLICATE KEY UPDATE reads the new x, 20", newY)
	}

	exec(insert().DoUpdate(expr.Assign(y, x), expr.Assign(x, expr.Excluded(x))))
	if gx, gy := point(); gx != 20 || gy != 10 {
		t.Errorf("x, y = %d, %d; want 20, 10 (y the existing x)", gx, gy)
	}
}
