SELECT "orders"."user_id" FROM "orders" INTERSECT ALL SELECT "orders"."user_id" FROM "orders" WHERE "orders"."amount" > $1 ORDER BY "user_id"
