SELECT "users"."name" FROM "users" WHERE ("users"."status" = $1 OR ("users"."age" < $2 AND "users"."score" > $3)) AND NOT ("users"."name" = $4) ORDER BY "users"."name"
