UPDATE "users" SET "score" = "orders"."amount" FROM "orders" WHERE "orders"."user_id" = "users"."id" AND "orders"."id" = $1
