SELECT "users"."name" FROM "users" WHERE "users"."id" = ANY($1) ORDER BY "users"."id"
