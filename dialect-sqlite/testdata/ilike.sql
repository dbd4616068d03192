SELECT "users"."name" FROM "users" WHERE lower("users"."email") LIKE lower(?) AND lower("users"."name") NOT LIKE lower(?) ORDER BY "users"."id"
