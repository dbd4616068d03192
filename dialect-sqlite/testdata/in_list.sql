SELECT "users"."name" FROM "users" WHERE "users"."id" IN (?, ?, ?) AND "users"."name" NOT IN (?) ORDER BY "users"."id"
