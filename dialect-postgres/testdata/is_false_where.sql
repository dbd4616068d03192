SELECT "users"."name" FROM "users" WHERE ("users"."age" < $1) IS FALSE ORDER BY "users"."id"
