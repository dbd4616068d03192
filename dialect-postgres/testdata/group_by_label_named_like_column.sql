SELECT substr("users"."status", CAST($1 AS INTEGER), CAST($2 AS INTEGER)) AS "name", count(*) AS "n" FROM "users" GROUP BY 1 ORDER BY 1
