SELECT "users"."name", "orders"."amount" FROM "users" JOIN "orders" ON "orders"."user_id" = "users"."id" WHERE "orders"."amount" > $1 ORDER BY "orders"."amount"
