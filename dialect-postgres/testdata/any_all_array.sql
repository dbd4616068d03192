SELECT "users"."name" FROM "users" WHERE "users"."id" = ANY ($1) AND "users"."age" > ALL ($2) ORDER BY "users"."id"
