SELECT DISTINCT ON ("users"."status") "users"."status", "users"."name" FROM "users" ORDER BY "users"."status", "users"."id" DESC
