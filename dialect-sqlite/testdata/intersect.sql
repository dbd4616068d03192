SELECT "users"."id" FROM "users" WHERE "users"."age" > ? INTERSECT SELECT "orders"."user_id" FROM "orders" ORDER BY "id"
