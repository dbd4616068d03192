INSERT INTO "tags" ("id", "label") VALUES (?, ?) ON CONFLICT ("id") DO NOTHING
