SELECT "users"."id" FROM "users" EXCEPT SELECT "orders"."user_id" FROM "orders" ORDER BY "id"
