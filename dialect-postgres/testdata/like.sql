SELECT "users"."name" FROM "users" WHERE "users"."email" LIKE $1 AND "users"."name" NOT LIKE $2 ORDER BY "users"."id"
