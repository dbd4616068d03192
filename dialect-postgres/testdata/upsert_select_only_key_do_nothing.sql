INSERT INTO "nodes" ("id", "label") SELECT "users"."id", "users"."name" FROM "users" ON CONFLICT ("id") DO NOTHING
