DELETE FROM "orders" WHERE "orders"."id" = ? RETURNING "id", "amount"
