SELECT "users"."id" FROM "users" WHERE ("users"."score" / $1) >= $2 ORDER BY "users"."id"
