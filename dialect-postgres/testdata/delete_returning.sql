DELETE FROM "orders" WHERE "orders"."id" = $1 RETURNING "orders"."id", "orders"."amount"
