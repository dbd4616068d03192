SELECT "users"."name", coalesce($1, CAST($2 AS INTEGER)) AS "seven", coalesce("users"."age", CAST($3 AS INTEGER)) + $4 AS "age1" FROM "users" WHERE "users"."id" = ANY($5) ORDER BY "users"."id"
