SELECT "users"."name" FROM "users" WHERE "users"."email" ILIKE $1 AND "users"."name" NOT ILIKE $2 ORDER BY "users"."id"
