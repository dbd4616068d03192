SELECT "users"."name", CASE WHEN "users"."id" = $1 THEN CAST($2 AS NUMERIC) ELSE CAST($3 AS INTEGER) END AS "d" FROM "users" WHERE "users"."id" <= $4 ORDER BY "users"."id"
