package peers_test

import (
	"context"
	"strings"
)

// The hand-written loading of users, orders and items: what a careful
// programmer writes without an ORM, and the floor of the benchmark.

const (
	relUsersSQL  = "SELECT id, name, email FROM users ORDER BY id"
	relOrdersSQL = "SELECT id, user_id, total, status FROM orders WHERE "
	relItemsSQL  = "SELECT id, order_id, sku, qty, price FROM items WHERE "
)

// handLoadRelations runs three queries — the users, their orders by the
// users' keys, the orders' items by the orders' keys — and links each row
// to its parent through a map of the keys.
func handLoadRelations(ctx context.Context, d *sessionDB) ([]*relUser, error) {
	var users []*relUser
	userByID := map[int64]*relUser{}
	err := handEach(ctx, d, relUsersSQL, nil, func(r rowScan) error {
		u := &relUser{}
		if err := r.Scan(&u.ID, &u.Name, &u.Email); err != nil {
			return err
		}
		users = append(users, u)
		userByID[u.ID] = u
		return nil
	})
	if err != nil || len(users) == 0 {
		return users, err
	}
	keys := make([]int64, len(users))
	for i, u := range users {
		keys[i] = u.ID
	}
	where, args := keysWhere(d, "user_id", keys)
	orderByID := map[int64]*relOrder{}
	var orderKeys []int64
	err = handEach(ctx, d, relOrdersSQL+where, args, func(r rowScan) error {
		o := &relOrder{}
		if err := r.Scan(&o.ID, &o.UserID, &o.Total, &o.Status); err != nil {
			return err
		}
		u := userByID[o.UserID]
		u.Orders = append(u.Orders, o)
		orderByID[o.ID] = o
		orderKeys = append(orderKeys, o.ID)
		return nil
	})
	if err != nil || len(orderKeys) == 0 {
		return users, err
	}
	where, args = keysWhere(d, "order_id", orderKeys)
	err = handEach(ctx, d, relItemsSQL+where, args, func(r rowScan) error {
		it := &relItem{}
		if err := r.Scan(&it.ID, &it.OrderID, &it.SKU, &it.Qty, &it.Price); err != nil {
			return err
		}
		o := orderByID[it.OrderID]
		o.Items = append(o.Items, it)
		return nil
	})
	return users, err
}

// handEach runs a hand-written query and calls row for each row.
func handEach(ctx context.Context, d *sessionDB, text string, args []any, row func(rowScan) error) error {
	rows, err := d.query(ctx, text, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// keysWhere returns the condition that col is one of keys, and its
// arguments: one array parameter where the database takes one
// (PostgreSQL), else an IN list of one placeholder per key.
func keysWhere(d *sessionDB, col string, keys []int64) (string, []any) {
	if d.arrays {
		return col + " = ANY($1)", []any{keys}
	}
	var sb strings.Builder
	sb.Grow(len(col) + 6 + 3*len(keys))
	sb.WriteString(col + " IN (")
	args := make([]any, len(keys))
	for i, k := range keys {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(d.ph(i + 1))
		args[i] = k
	}
	sb.WriteByte(')')
	return sb.String(), args
}
