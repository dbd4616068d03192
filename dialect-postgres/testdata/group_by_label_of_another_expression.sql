SELECT max("users"."name") AS "k", count(*) AS "n" FROM "users" GROUP BY "users"."status" ORDER BY "k"
