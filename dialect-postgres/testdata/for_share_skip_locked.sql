SELECT "users"."name" FROM "users" WHERE "users"."id" = $1 FOR SHARE SKIP LOCKED
