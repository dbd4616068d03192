package otelhook

import "testing"

func TestSummarize(t *testing.T) {
	for _, c := range []struct {
		sql, summary, op, coll string
	}{
		{`SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" = $1`, "SELECT users", "SELECT", "users"},
		{"SELECT * FROM wuser_table", "SELECT wuser_table", "SELECT", "wuser_table"},
		{`INSERT INTO "users" ("name") VALUES ($1) RETURNING "id"`, "INSERT users", "INSERT", "users"},
		{"INSERT INTO shipping_details (id, time) SELECT id, time FROM orders WHERE x = ?", "INSERT shipping_details SELECT orders", "INSERT", ""},
		{"SELECT * FROM songs s JOIN artists a ON s.artist_id = a.id", "SELECT songs artists", "SELECT", ""},
		{"SELECT * FROM a, b AS bb, c WHERE a.x = bb.y", "SELECT a b c", "SELECT", ""},
		{"SELECT order_date FROM (SELECT * FROM orders o JOIN customers c ON o.customer_id = c.customer_id)", "SELECT SELECT orders customers", "SELECT", ""},
		{"UPDATE `shop`.`items` SET `n` = ? WHERE `id` = ?", "UPDATE shop.items", "UPDATE", "shop.items"},
		{`DELETE FROM "public"."users" WHERE "id" IN ($1, $2)`, "DELETE public.users", "DELETE", "public.users"},
		{"SELECT EXTRACT(YEAR FROM created) FROM events", "SELECT events", "SELECT", "events"},
		{"SELECT n FROM generate_series(1, $1) AS g(n)", "SELECT", "SELECT", ""},
		{"INSERT INTO t (a) VALUES (?) ON DUPLICATE KEY UPDATE a = VALUES(a)", "INSERT t", "INSERT", "t"},
		{"INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = excluded.a", "INSERT t", "INSERT", "t"},
		{"SELECT * FROM jobs WHERE id = $1 FOR UPDATE SKIP LOCKED", "SELECT jobs", "SELECT", "jobs"},
		{"CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, user_id INT REFERENCES users ON DELETE CASCADE)", "CREATE TABLE audit", "CREATE TABLE", "audit"},
		{"DROP TABLE t", "DROP TABLE t", "DROP TABLE", "t"},
		{"SAVEPOINT sqlforge_sp_1", "SAVEPOINT", "SAVEPOINT", ""},
		{"ROLLBACK TO SAVEPOINT sqlforge_sp_1", "ROLLBACK", "ROLLBACK", ""},
		{"SELECT 1", "SELECT", "SELECT", ""},
		// Literals, comments and placeholders never reach the summary.
		{"SELECT 'FROM secret' FROM t -- FROM other\n/* FROM x */ WHERE a = $$FROM y$$", "SELECT t", "SELECT", "t"},
		{`SELECT "we""ird" FROM "a""b"`, `SELECT a"b`, "SELECT", `a"b`},
		{"", "", "", ""},
		{"  -- only a comment", "", "", ""},
		{"WITH recent AS (SELECT * FROM orders) SELECT * FROM recent", "SELECT orders SELECT recent", "SELECT", ""},
	} {
		s := summarize(c.sql, false)
		if s.text != c.summary || s.operation != c.op || s.collection != c.coll {
			t.Errorf("summarize(%q) = {%q, %q, %q}; want {%q, %q, %q}", c.sql, s.text, s.operation, s.collection, c.summary, c.op, c.coll)
		}
	}
}

func TestSummaryLength(t *testing.T) {
	sql := "SELECT * FROM a0"
	for i := range 100 {
		sql += " JOIN table_with_a_long_name_" + string(rune('a'+i%26)) + " ON true"
	}
	s := summarize(sql, false)
	if len(s.text) > maxSummary || len(s.text) < maxSummary-40 {
		t.Errorf("summary of %d bytes; want at most %d, near it", len(s.text), maxSummary)
	}
}

func TestSummaryCache(t *testing.T) {
	var c summaries
	a := c.get("SELECT * FROM t")
	if b := c.get("SELECT * FROM t"); a != b {
		t.Error("the second get summarized again")
	}
	if n := testing.AllocsPerRun(100, func() { c.get("SELECT * FROM t") }); n != 0 {
		t.Errorf("a cached summary: %.0f allocs; want 0", n)
	}
}
