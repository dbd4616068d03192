SELECT "users"."name" FROM "users" ORDER BY "users"."id" OFFSET $1
