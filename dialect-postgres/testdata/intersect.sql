SELECT "users"."id" FROM "users" WHERE "users"."age" > $1 INTERSECT SELECT "orders"."user_id" FROM "orders" ORDER BY "id"
