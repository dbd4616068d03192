SELECT "users"."name" FROM "users" ORDER BY "users"."score" DESC NULLS LAST, "users"."id"
