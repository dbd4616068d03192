SELECT "users"."name", "tags"."label" FROM "users", "tags" WHERE "users"."id" = $1 ORDER BY "tags"."id"
