SELECT "users"."name", "orders"."id" FROM "users" LEFT JOIN "orders" ON "orders"."user_id" = "users"."id" AND "orders"."amount" > ? ORDER BY "users"."id"
