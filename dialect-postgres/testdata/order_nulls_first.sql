SELECT "users"."name" FROM "users" ORDER BY "users"."age" NULLS FIRST, "users"."id"
