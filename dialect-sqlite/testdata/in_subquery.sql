SELECT "users"."name" FROM "users" WHERE "users"."id" IN (SELECT "orders"."user_id" FROM "orders" WHERE "orders"."amount" > ?) ORDER BY "users"."id"
