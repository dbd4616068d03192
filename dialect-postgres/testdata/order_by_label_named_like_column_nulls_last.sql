SELECT "users"."id", nullif("users"."status", $1) AS "name" FROM "users" ORDER BY 2 NULLS LAST, "users"."id"
