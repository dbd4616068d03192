SELECT "users"."name" FROM "users" WHERE ("users"."age" = $1 OR "users"."score" = $2) AND "users"."id" > $3 ORDER BY "users"."id"
