package workloads

import (
	"strconv"
	"time"

	"github.com/sqlforge/sqlforge/compile"
	pgdialect "github.com/sqlforge/sqlforge/dialect-postgres"
	"github.com/sqlforge/sqlforge/expr"
)

// Meta holds the two tables of the workloads.
var Meta = expr.NewMetaData()

// Users is the users table: id, name, email, age, status, created_at.
var Users = Meta.MustTable("users",
	expr.Col("id", expr.BigInt, expr.PK),
	expr.Col("name", expr.String, expr.NotNull),
	expr.Col("email", expr.String, expr.NotNull),
	expr.Col("age", expr.Integer),
	expr.Col("status", expr.String, expr.NotNull),
	expr.Col("created_at", expr.TimestampTZ, expr.NotNull),
)

// Orders is the orders table: id, user_id, amount, created_at.
var Orders = Meta.MustTable("orders",
	expr.Col("id", expr.BigInt, expr.PK),
	expr.Col("user_id", expr.BigInt, expr.NotNull, expr.References("users.id")),
	expr.Col("amount", expr.BigInt, expr.NotNull),
	expr.Col("created_at", expr.TimestampTZ, expr.NotNull),
)

// Compiler is the PostgreSQL compiler every sqlforge workload uses. Its
// cache holds the SQL of each workload after the first call.
var Compiler = compile.New(pgdialect.New())

// The columns, looked up once as an application would keep them.
var (
	usersID        = Users.C("id")
	usersName      = Users.C("name")
	usersEmail     = Users.C("email")
	usersAge       = Users.C("age")
	usersStatus    = Users.C("status")
	usersCreatedAt = Users.C("created_at")

	ordersID        = Orders.C("id")
	ordersUserID    = Orders.C("user_id")
	ordersAmount    = Orders.C("amount")
	ordersCreatedAt = Orders.C("created_at")

	// userColumns is the column list of the INSERT workloads.
	userColumns = []*expr.Column{usersID, usersName, usersEmail, usersAge, usersStatus, usersCreatedAt}
)

// Filter is the input of workload (a).
type Filter struct {
	MinAge   int
	Status   string
	NameLike string // a LIKE pattern
	Limit    int
}

// Totals is the input of workload (b).
type Totals struct {
	Status   string
	Since    time.Time // users with an order created at or after Since
	MinTotal int64     // smallest sum of order amounts
}

// User is one row of the users table, the input of workloads (c) and (d).
type User struct {
	ID        int64
	Name      string
	Email     string
	Age       int
	Status    string
	CreatedAt time.Time
}

// Change is the input of workload (e): new values for one user.
type Change struct {
	ID     int64
	Name   string
	Email  string
	Status string
}

// BatchSize is the number of rows workload (d) inserts.
const BatchSize = 100

// NumBatches is how many distinct batches BatchAt cycles through.
const NumBatches = 8

// pool sizes of the precomputed strings; powers of two.
const nameCount = 64

var (
	epoch    = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	statuses = [...]string{"active", "pending", "blocked", "archived"}
	names    [nameCount]string
	emails   [nameCount]string
	patterns [nameCount]string
	batches  [NumBatches][]User
)

func init() {
	for i := range names {
		n := "user" + strconv.Itoa(1000+i)
		names[i] = n
		emails[i] = n + "@example.com"
		patterns[i] = n[:5] + "%"
	}
	for b := range batches {
		rows := make([]User, BatchSize)
		for r := range rows {
			rows[r] = UserAt(b*BatchSize + r)
		}
		batches[b] = rows
	}
}

// FilterAt returns the input of workload (a) for call i.
func FilterAt(i int) Filter {
	return Filter{
		MinAge:   18 + i%50,
		Status:   statuses[i%len(statuses)],
		NameLike: patterns[i%nameCount],
		Limit:    10,
	}
}

// TotalsAt returns the input of workload (b) for call i.
func TotalsAt(i int) Totals {
	return Totals{
		Status:   statuses[i%len(statuses)],
		Since:    epoch.Add(time.Duration(i%10000) * time.Minute),
		MinTotal: 1000 + int64(i%5000)*10,
	}
}

// UserAt returns the row of workload (c) for call i; workload (d) uses it
// for the rows of its batches.
func UserAt(i int) User {
	return User{
		ID:        int64(i) + 1000,
		Name:      names[i%nameCount],
		Email:     emails[i%nameCount],
		Age:       18 + i%60,
		Status:    statuses[i%len(statuses)],
		CreatedAt: epoch.Add(time.Duration(i) * time.Second),
	}
}

// BatchAt returns the rows of workload (d) for call i: one of NumBatches
// batches of BatchSize users, made once so that benchmarks measure the
// statement and not the making of its input. Callers must not modify it.
func BatchAt(i int) []User { return batches[i%NumBatches] }

// ChangeAt returns the input of workload (e) for call i.
func ChangeAt(i int) Change {
	return Change{
		ID:     int64(i) + 1000,
		Name:   names[i%nameCount],
		Email:  emails[(i+7)%nameCount],
		Status: statuses[i%len(statuses)],
	}
}
