INSERT INTO "tags" ("id", "label") VALUES ($1, $2), ($3, $4), ($5, lower(CAST($6 AS TEXT)))
