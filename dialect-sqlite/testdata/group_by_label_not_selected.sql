SELECT count(*) AS "n" FROM "users" GROUP BY substr("users"."status", ?, ?) ORDER BY count(*)
