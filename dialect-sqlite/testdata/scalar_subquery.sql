SELECT "users"."name", (SELECT count(*) FROM "orders" WHERE "orders"."user_id" = "users"."id") AS "orders" FROM "users" WHERE "users"."id" <= ? ORDER BY "users"."id"
