INSERT INTO "tags" ("id", "label") VALUES ($1, $2), ($3, $4) ON CONFLICT ("id") DO UPDATE SET "label" = EXCLUDED."label" || $5 WHERE "tags"."label" <> $6
