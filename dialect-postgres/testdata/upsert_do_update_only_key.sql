INSERT INTO "nodes" ("id", "label") VALUES ($1, $2), ($3, $4), ($5, $6) ON CONFLICT ("id") DO UPDATE SET "label" = EXCLUDED."label"
