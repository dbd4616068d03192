SELECT "users"."id" FROM "users" WHERE ("users"."id", "users"."name") IN (($1, $2), ($3, $4), ($5, $6)) ORDER BY "users"."id"
