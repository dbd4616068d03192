SELECT substr("users"."status", ?, ?) AS "name", count(*) AS "n" FROM "users" GROUP BY 1 ORDER BY 1
