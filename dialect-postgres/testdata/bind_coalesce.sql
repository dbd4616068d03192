SELECT "users"."name", coalesce($1, CAST($2 AS INTEGER)) AS "seven", coalesce("users"."age", $3) + $4 AS "age1" FROM "users" WHERE "users"."id" = ANY($5) ORDER BY "users"."id"
