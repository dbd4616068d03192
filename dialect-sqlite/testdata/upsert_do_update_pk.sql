INSERT INTO "tags" ("id", "label") VALUES (?, ?), (?, ?), (?, ?) ON CONFLICT ("id") DO UPDATE SET "label" = EXCLUDED."label"
