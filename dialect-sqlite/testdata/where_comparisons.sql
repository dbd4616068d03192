SELECT "users"."name" FROM "users" WHERE "users"."age" >= ? AND "users"."age" < ? AND "users"."score" <> ? AND "users"."score" <= ? AND "users"."id" > ? ORDER BY "users"."name"
