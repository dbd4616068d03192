DELETE FROM "users" WHERE "users"."id" = ?
