SELECT substr("users"."status", $1, $2) AS "name", count(*) AS "n" FROM "users" GROUP BY 1 ORDER BY 1
