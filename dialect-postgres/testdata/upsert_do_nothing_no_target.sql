INSERT INTO "tags" ("id", "label") VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING
