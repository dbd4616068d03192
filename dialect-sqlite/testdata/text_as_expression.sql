SELECT "users"."name" FROM "users" WHERE (age > ?) AND "users"."status" = ? ORDER BY "users"."id"
