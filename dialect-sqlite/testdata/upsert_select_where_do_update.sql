INSERT INTO "tags" ("id", "label") SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" >= ? ON CONFLICT ("id") DO UPDATE SET "label" = EXCLUDED."label"
