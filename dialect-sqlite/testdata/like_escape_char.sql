SELECT "users"."name" FROM "users" WHERE "users"."email" LIKE ? ESCAPE '#' ORDER BY "users"."id"
