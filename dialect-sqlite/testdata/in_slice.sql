SELECT "users"."name" FROM "users" WHERE "users"."id" IN (?, ?) ORDER BY "users"."id"
