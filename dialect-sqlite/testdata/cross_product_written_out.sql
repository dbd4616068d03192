SELECT "users"."name", "tags"."label" FROM "users", "tags" WHERE "users"."id" = ? ORDER BY "tags"."id"
