SELECT "users"."name" FROM "users" WHERE "users"."id" NOT IN (SELECT "orders"."user_id" FROM "orders") ORDER BY "users"."id"
