SELECT "users"."name" FROM "users" ORDER BY "users"."id" LIMIT -1 OFFSET ?
