SELECT "users"."name" FROM "users" WHERE "users"."age" >= $1 AND "users"."age" < $2 AND "users"."score" <> $3 AND "users"."score" <= $4 AND "users"."id" > $5 ORDER BY "users"."name"
