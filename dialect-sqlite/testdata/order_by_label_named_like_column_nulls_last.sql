SELECT "users"."id", nullif("users"."status", ?) AS "name" FROM "users" ORDER BY 2 NULLS LAST, "users"."id"
