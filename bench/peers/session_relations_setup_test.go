package peers_test

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/sqlforge/sqlforge/engine"
	"github.com/sqlforge/sqlforge/expr"
	"github.com/sqlforge/sqlforge/mapper"
)

// The relationship-loading benchmark reads a graph of three tables —
// users, their orders, the orders' items, with foreign keys — on SQLite
// (in memory) and PostgreSQL (a schema of the run's own). The models are
// tagged for every contender: db and rel for sqlforge, bun, gorm.

const (
	relUsers     = 100
	relOrdersPer = 10 // orders of each user
	relItemsPer  = 5  // items of each order
)

// relUser is a row of users with its orders.
type relUser struct {
	bun.BaseModel `bun:"table:users" db:"-" gorm:"-"`

	ID     int64       `db:"id,pk,autoincrement" gorm:"column:id;primaryKey" bun:"id,pk,autoincrement"`
	Name   string      `db:"name" gorm:"column:name" bun:"name,notnull"`
	Email  string      `db:"email" gorm:"column:email" bun:"email,notnull"`
	Orders []*relOrder `rel:"" gorm:"foreignKey:UserID" bun:"rel:has-many,join:id=user_id"`
}

// relOrder is a row of orders with its items; Total is in cents.
type relOrder struct {
	bun.BaseModel `bun:"table:orders" db:"-" gorm:"-"`

	ID     int64      `db:"id,pk,autoincrement" gorm:"column:id;primaryKey" bun:"id,pk,autoincrement"`
	UserID int64      `db:"user_id,references=users.id" gorm:"column:user_id" bun:"user_id,notnull"`
	Total  int64      `db:"total" gorm:"column:total" bun:"total,notnull"`
	Status string     `db:"status" gorm:"column:status" bun:"status,notnull"`
	Items  []*relItem `rel:"" gorm:"foreignKey:OrderID" bun:"rel:has-many,join:id=order_id"`
}

// relItem is a row of items; Price is in cents.
type relItem struct {
	bun.BaseModel `bun:"table:items" db:"-" gorm:"-"`

	ID      int64  `db:"id,pk,autoincrement" gorm:"column:id;primaryKey" bun:"id,pk,autoincrement"`
	OrderID int64  `db:"order_id,references=orders.id" gorm:"column:order_id" bun:"order_id,notnull"`
	SKU     string `db:"sku" gorm:"column:sku" bun:"sku,notnull"`
	Qty     int64  `db:"qty" gorm:"column:qty" bun:"qty,notnull"`
	Price   int64  `db:"price" gorm:"column:price" bun:"price,notnull"`
}

// TableName is GORM's table name.
func (relUser) TableName() string { return "users" }

// TableName is GORM's table name.
func (relOrder) TableName() string { return "orders" }

// TableName is GORM's table name.
func (relItem) TableName() string { return "items" }

// relUsersMap maps users, orders and items in a registry of their own,
// the one the sessions are opened on.
var relUsersMap = func() *mapper.Mapping[relUser] {
	reg := mapper.NewRegistry(expr.NewMetaData())
	m := mapper.MustMap[relUser](reg, "users")
	mapper.MustMap[relOrder](reg, "orders")
	mapper.MustMap[relItem](reg, "items")
	reg.MustResolve()
	return m
}()

const (
	relSQLite = `CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, email TEXT NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id BIGINT NOT NULL REFERENCES users (id),
	total BIGINT NOT NULL, status TEXT NOT NULL);
CREATE INDEX orders_user_id ON orders (user_id);
CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, order_id BIGINT NOT NULL REFERENCES orders (id),
	sku TEXT NOT NULL, qty BIGINT NOT NULL, price BIGINT NOT NULL);
CREATE INDEX items_order_id ON items (order_id)`
	relPG = `CREATE TABLE users (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL);
CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users (id),
	total BIGINT NOT NULL, status TEXT NOT NULL);
CREATE INDEX orders_user_id ON orders (user_id);
CREATE TABLE items (id BIGSERIAL PRIMARY KEY, order_id BIGINT NOT NULL REFERENCES orders (id),
	sku TEXT NOT NULL, qty BIGINT NOT NULL, price BIGINT NOT NULL);
CREATE INDEX items_order_id ON items (order_id)`
)

// relDBs are the databases of the benchmark: open returns every
// contender's client on fresh, empty tables, the engine built with opts.
var relDBs = []struct {
	name string
	open func(tb testing.TB, opts ...engine.Option) *sessionDB
}{
	{"sqlite", func(tb testing.TB, opts ...engine.Option) *sessionDB {
		return openClientsSQLite(tb, "relations", relSQLite, opts...)
	}},
	{"postgres", func(tb testing.TB, opts ...engine.Option) *sessionDB {
		return openClientsPG(tb, "sqlforge_bench_relations_", relPG, opts...)
	}},
}

// newRelGraph returns the graph the tables are seeded with, keys set:
// user u (from 1) holds orders (u-1)*10+1 to u*10, order o holds items
// (o-1)*5+1 to o*5.
func newRelGraph() []*relUser {
	statuses := []string{"new", "paid", "shipped", "cancelled"}
	users := make([]*relUser, relUsers)
	for u := range users {
		uid := int64(u + 1)
		user := &relUser{ID: uid, Name: "user " + strconv.Itoa(u), Email: "user" + strconv.Itoa(u) + "@example.com"}
		for o := range relOrdersPer {
			oid := int64(u*relOrdersPer + o + 1)
			order := &relOrder{ID: oid, UserID: uid, Status: statuses[oid%4]}
			for i := range relItemsPer {
				iid := (oid-1)*relItemsPer + int64(i) + 1
				item := &relItem{ID: iid, OrderID: oid, SKU: "sku-" + strconv.FormatInt(iid, 10),
					Qty: iid%7 + 1, Price: 100 + iid*37%9900}
				order.Total += item.Qty * item.Price
				order.Items = append(order.Items, item)
			}
			user.Orders = append(user.Orders, order)
		}
		users[u] = user
	}
	return users
}

// seedRelations fills the empty tables with newRelGraph's rows, in one
// transaction of multi-row INSERTs, and refreshes PostgreSQL's
// statistics so that every contender's queries get the same plans.
func seedRelations(tb testing.TB, d *sessionDB) {
	tb.Helper()
	ctx := context.Background()
	var users, orders, items [][]any
	for _, u := range newRelGraph() {
		users = append(users, []any{u.ID, u.Name, u.Email})
		for _, o := range u.Orders {
			orders = append(orders, []any{o.ID, o.UserID, o.Total, o.Status})
			for _, it := range o.Items {
				items = append(items, []any{it.ID, it.OrderID, it.SKU, it.Qty, it.Price})
			}
		}
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	for _, t := range []struct {
		head string
		rows [][]any
	}{
		{"INSERT INTO users (id, name, email) VALUES ", users},
		{"INSERT INTO orders (id, user_id, total, status) VALUES ", orders},
		{"INSERT INTO items (id, order_id, sku, qty, price) VALUES ", items},
	} {
		for rows := range slices.Chunk(t.rows, 500) {
			var sb strings.Builder
			sb.WriteString(t.head)
			writeValuesRows(&sb, len(rows), len(rows[0]), d.ph)
			if _, err := tx.ExecContext(ctx, sb.String(), slices.Concat(rows...)...); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	if d.arrays {
		if _, err := d.db.ExecContext(ctx, "ANALYZE users, orders, items"); err != nil {
			tb.Fatal(err)
		}
	}
}

// relSum sums up a loaded graph: how many objects of each table, and a
// hash of every value in the order the users came, each user's orders
// and each order's items sorted by key.
type relSum struct {
	users, orders, items int
	hash                 uint64
}

func sumRelGraph(users []*relUser) relSum {
	h := fnv.New64a()
	s := relSum{users: len(users)}
	byID := func(a, b int64) int { return cmp.Compare(a, b) }
	for _, u := range users {
		fmt.Fprintf(h, "u%d|%s|%s|%d;", u.ID, u.Name, u.Email, len(u.Orders))
		orders := slices.SortedFunc(slices.Values(u.Orders), func(a, b *relOrder) int { return byID(a.ID, b.ID) })
		for _, o := range orders {
			s.orders++
			fmt.Fprintf(h, "o%d|%d|%d|%s|%d;", o.ID, o.UserID, o.Total, o.Status, len(o.Items))
			items := slices.SortedFunc(slices.Values(o.Items), func(a, b *relItem) int { return byID(a.ID, b.ID) })
			for _, it := range items {
				s.items++
				fmt.Fprintf(h, "i%d|%d|%s|%d|%d;", it.ID, it.OrderID, it.SKU, it.Qty, it.Price)
			}
		}
	}
	s.hash = h.Sum64()
	return s
}
