SELECT "users"."id", nullif("users"."status", CAST($1 AS TEXT)) AS "name" FROM "users" ORDER BY 2 NULLS LAST, "users"."id"
