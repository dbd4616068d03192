SELECT CAST("users"."age" AS VARCHAR(10)) || $1 AS "a", CAST($2 AS INTEGER) + $3 AS "b" FROM "users" WHERE "users"."id" = $4
