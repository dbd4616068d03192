SELECT count(*) AS "n" FROM "users" GROUP BY substr("users"."status", CAST($1 AS INTEGER), CAST($2 AS INTEGER)) ORDER BY count(*)
