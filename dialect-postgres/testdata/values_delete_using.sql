DELETE FROM "orders" USING (VALUES (CAST($1 AS BIGINT)), ($2), ($3)) AS "gone" ("id") WHERE "orders"."id" = "gone"."id"
