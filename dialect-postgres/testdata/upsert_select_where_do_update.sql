INSERT INTO "tags" ("id", "label") SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" >= $1 ON CONFLICT ("id") DO UPDATE SET "label" = EXCLUDED."label"
