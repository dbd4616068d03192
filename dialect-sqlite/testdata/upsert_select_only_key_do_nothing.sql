INSERT INTO "nodes" ("id", "label") SELECT "users"."id", "users"."name" FROM "users" WHERE true ON CONFLICT ("id") DO NOTHING
