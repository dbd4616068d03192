// Package compiletest is the conformance suite that every dialect runs:
// one table of statements covering the whole expression language, each
// checked against golden SQL in the dialect's testdata directory and, when
// a database is at hand, executed there with its rows compared to the
// expected ones. Dialect modules call Run from their tests.
package compiletest

import (
	"time"

	"github.com/sqlforge/sqlforge/expr"
)

// Schema is the suite's fixture: users, orders, tags, a many-to-many
// association and a self-referencing tree.
type Schema struct {
	Meta     *expr.MetaData
	Users    *expr.Table
	Orders   *expr.Table
	Tags     *expr.Table
	UserTags *expr.Table
	Nodes    *expr.Table
	Scratch  *expr.Table // created and dropped by the DDL cases
	Events   *expr.Table // timestamps with known fields and non-ASCII labels (cases_types.go)
}

// NewSchema defines the fixture tables.
func NewSchema() *Schema {
	m := expr.NewMetaData()
	s := &Schema{Meta: m}
	s.Users = m.MustTable("users",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("name", expr.Varchar(100), expr.NotNull),
		expr.Col("email", expr.Varchar(200), expr.Unique),
		expr.Col("age", expr.Integer),
		expr.Col("status", expr.Enum("user_status", "active", "banned"), expr.NotNull),
		expr.Col("score", expr.Integer),
		expr.IndexOn("ix_users_name", "name"),
	)
	s.Orders = m.MustTable("orders",
		expr.Col("id", expr.BigInt, expr.PK, expr.AutoIncrement),
		expr.Col("user_id", expr.BigInt, expr.NotNull, expr.References("users.id", expr.OnDelete(expr.Cascade))),
		expr.Col("amount", expr.Integer, expr.NotNull),
		expr.Col("note", expr.String),
		expr.Check("ck_orders_amount", "amount >= 0"),
	)
	s.Tags = m.MustTable("tags",
		expr.Col("id", expr.Integer, expr.PK),
		expr.Col("label", expr.Varchar(50), expr.NotNull, expr.Unique),
	)
	s.UserTags = m.MustTable("user_tags",
		expr.Col("user_id", expr.BigInt, expr.NotNull),
		expr.Col("tag_id", expr.Integer, expr.NotNull),
		expr.PrimaryKeyOn("user_id", "tag_id"),
		expr.ForeignKeyOn([]string{"user_id"}, "users", []string{"id"}, expr.OnDelete(expr.Cascade)),
		expr.ForeignKeyOn([]string{"tag_id"}, "tags", []string{"id"}, expr.FKName("fk_user_tags_tag")),
	)
	s.Nodes = m.MustTable("nodes",
		expr.Col("id", expr.Integer, expr.PK),
		expr.Col("parent_id", expr.Integer, expr.References("nodes.id")),
		expr.Col("label", expr.Varchar(50), expr.NotNull),
	)
	s.Scratch = m.MustTable("scratch",
		expr.Col("id", expr.Integer, expr.PK, expr.AutoIncrement),
		expr.Col("price", expr.Numeric(10, 2), expr.NotNull, expr.ServerDefault("0")),
		expr.Col("ratio", expr.Double),
		expr.Col("flag", expr.Boolean),
		expr.Col("born", expr.Date),
		expr.Col("at", expr.Timestamp),
		expr.Col("at_tz", expr.TimestampTZ),
		expr.Col("clock", expr.Time),
		expr.Col("blob", expr.Bytes),
		expr.Col("doc", expr.JSON),
		expr.Col("uid", expr.UUID),
		expr.Col("small", expr.SmallInt),
		expr.Col("f", expr.Float),
		expr.Col("code", expr.Varchar(20), expr.Indexed),
		expr.UniqueOn("uq_scratch_code_small", "code", "small"),
	)
	s.Events = m.MustTable("events",
		expr.Col("id", expr.Integer, expr.PK),
		expr.Col("at", expr.Timestamp, expr.NotNull),
		expr.Col("label", expr.Varchar(20), expr.NotNull), // non-ASCII: characters are not bytes
	)
	return s
}

// seed rows, inserted through compiled INSERT statements.
func (s *Schema) seed() []expr.Statement {
	u := s.Users
	users := expr.Insert(u).Columns(u.C("id"), u.C("name"), u.C("email"), u.C("age"), u.C("status"), u.C("score")).
		Values(1, "ann", "ann@example.com", 30, "active", 10).
		Values(2, "bob", "bob@example.com", 17, "active", 20).
		Values(3, "cid", nil, 45, "banned", nil).
		Values(4, "dee", "dee@x.org", 25, "active", 40).
		Values(5, "eve", "100%_sure@x.org", nil, "banned", 50)
	o := s.Orders
	orders := expr.Insert(o).Columns(o.C("id"), o.C("user_id"), o.C("amount"), o.C("note")).
		Values(1, 1, 100, "first").
		Values(2, 1, 250, nil).
		Values(3, 2, 75, "x").
		Values(4, 4, 300, "big").
		Values(5, 4, 20, nil)
	t := s.Tags
	tags := expr.Insert(t).Values(1, "go").Values(2, "sql").Values(3, "unused")
	ut := s.UserTags
	userTags := expr.Insert(ut).Values(1, 1).Values(1, 2).Values(2, 1)
	n := s.Nodes
	nodes := expr.Insert(n).Values(1, nil, "root").Values(2, 1, "a").Values(3, 1, "b").Values(4, 2, "a1")
	e := s.Events
	events := expr.Insert(e).
		Values(1, time.Date(2024, 3, 10, 13, 45, 30, 750_000_000, time.UTC), "héllo"). // a Sunday
		Values(2, time.Date(1969, 12, 31, 23, 59, 59, 500_000_000, time.UTC), "日本語").  // a Wednesday, half a second before 1970
		Values(3, time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC), "ab")                  // a Tuesday
	return []expr.Statement{users, orders, tags, userTags, nodes, events}
}
