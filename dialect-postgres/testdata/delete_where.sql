DELETE FROM "orders" WHERE "orders"."amount" < $1
