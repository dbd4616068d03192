SELECT "users"."name" FROM "users" WHERE NOT EXISTS (SELECT "orders"."id" FROM "orders" WHERE "orders"."user_id" = "users"."id") ORDER BY "users"."id"
