package workloads

import (
	"strconv"
	"strings"
)

// The baselines write the same SQL text as sqlforge's PostgreSQL dialect
// (quoted, table-qualified identifiers and $n placeholders) by hand: the
// constant parts as string literals, the placeholders with strconv, and
// the arguments appended to args. They render the text on every call,
// as hand-written code without a cache does.

// placeholder writes the $n placeholder of the argument just appended to
// args, numbered from base (the length of args at the start of the
// statement).
func placeholder(b *strings.Builder, args []any, base int) {
	var num [20]byte
	b.WriteByte('$')
	b.Write(strconv.AppendInt(num[:0], int64(len(args)-base), 10))
}

// FilterUsersBaseline is workload (a) written by hand.
func FilterUsersBaseline(f Filter, args []any) (string, []any) {
	base := len(args)
	var b strings.Builder
	b.Grow(256)
	b.WriteString(`SELECT "users"."id", "users"."name", "users"."email" FROM "users" WHERE "users"."age" > `)
	args = append(args, f.MinAge)
	placeholder(&b, args, base)
	b.WriteString(` AND "users"."status" = `)
	args = append(args, f.Status)
	placeholder(&b, args, base)
	b.WriteString(` AND "users"."name" LIKE `)
	args = append(args, f.NameLike)
	placeholder(&b, args, base)
	b.WriteString(` ORDER BY "users"."created_at" DESC LIMIT `)
	args = append(args, f.Limit)
	placeholder(&b, args, base)
	return b.String(), args
}

// OrderTotalsBaseline is workload (b) written by hand.
func OrderTotalsBaseline(t Totals, args []any) (string, []any) {
	base := len(args)
	var b strings.Builder
	b.Grow(512)
	b.WriteString(`SELECT "users"."id", "users"."name", count("orders"."id") AS "order_count", sum("orders"."amount") AS "total"` +
		` FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "users"."status" = `)
	args = append(args, t.Status)
	placeholder(&b, args, base)
	b.WriteString(` AND "users"."id" IN (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."created_at" >= `)
	args = append(args, t.Since)
	placeholder(&b, args, base)
	b.WriteString(`) GROUP BY "users"."id", "users"."name" HAVING sum("orders"."amount") > `)
	args = append(args, t.MinTotal)
	placeholder(&b, args, base)
	return b.String(), args
}

const insertUsersPrefix = `INSERT INTO "users" ("id", "name", "email", "age", "status", "created_at") VALUES `

// appendUserRow writes "($1, $2, ...)" for one user and appends its values.
func appendUserRow(b *strings.Builder, args []any, base int, u User) []any {
	b.WriteByte('(')
	args = append(args, u.ID)
	placeholder(b, args, base)
	b.WriteString(", ")
	args = append(args, u.Name)
	placeholder(b, args, base)
	b.WriteString(", ")
	args = append(args, u.Email)
	placeholder(b, args, base)
	b.WriteString(", ")
	args = append(args, u.Age)
	placeholder(b, args, base)
	b.WriteString(", ")
	args = append(args, u.Status)
	placeholder(b, args, base)
	b.WriteString(", ")
	args = append(args, u.CreatedAt)
	placeholder(b, args, base)
	b.WriteByte(')')
	return args
}

// InsertUserBaseline is workload (c) written by hand.
func InsertUserBaseline(u User, args []any) (string, []any) {
	base := len(args)
	var b strings.Builder
	b.Grow(128)
	b.WriteString(insertUsersPrefix)
	args = appendUserRow(&b, args, base, u)
	return b.String(), args
}

// InsertUsersBaseline is workload (d) written by hand.
func InsertUsersBaseline(users []User, args []any) (string, []any) {
	base := len(args)
	var b strings.Builder
	b.Grow(len(insertUsersPrefix) + len(users)*48)
	b.WriteString(insertUsersPrefix)
	for i, u := range users {
		if i > 0 {
			b.WriteString(", ")
		}
		args = appendUserRow(&b, args, base, u)
	}
	return b.String(), args
}

// UpdateUserBaseline is workload (e) written by hand.
func UpdateUserBaseline(c Change, args []any) (string, []any) {
	base := len(args)
	var b strings.Builder
	b.Grow(128)
	b.WriteString(`UPDATE "users" SET "name" = `)
	args = append(args, c.Name)
	placeholder(&b, args, base)
	b.WriteString(`, "email" = `)
	args = append(args, c.Email)
	placeholder(&b, args, base)
	b.WriteString(`, "status" = `)
	args = append(args, c.Status)
	placeholder(&b, args, base)
	b.WriteString(` WHERE "users"."id" = `)
	args = append(args, c.ID)
	placeholder(&b, args, base)
	return b.String(), args
}
