SELECT "users"."name" FROM "users" WHERE ("users"."age" = ? OR "users"."score" = ?) AND "users"."id" > ? ORDER BY "users"."id"
