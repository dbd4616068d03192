SELECT "users"."name" FROM "users" WHERE ("users"."age" = $1 OR ("users"."status" = $2 AND "users"."score" >= $3)) AND NOT ("users"."name" = $4) ORDER BY "users"."id"
