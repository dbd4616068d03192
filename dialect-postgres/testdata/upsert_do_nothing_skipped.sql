INSERT INTO "tags" ("id", "label") VALUES ($1, $2) ON CONFLICT ("id") DO NOTHING
