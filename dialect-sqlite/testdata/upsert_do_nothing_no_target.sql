INSERT INTO "tags" ("id", "label") VALUES (?, ?), (?, ?) ON CONFLICT DO NOTHING
