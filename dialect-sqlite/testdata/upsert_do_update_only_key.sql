INSERT INTO "nodes" ("id", "label") VALUES (?, ?), (?, ?), (?, ?) ON CONFLICT ("id") DO UPDATE SET "label" = EXCLUDED."label"
