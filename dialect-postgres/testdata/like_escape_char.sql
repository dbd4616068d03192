SELECT "users"."name" FROM "users" WHERE "users"."email" LIKE $1 ESCAPE '#' ORDER BY "users"."id"
