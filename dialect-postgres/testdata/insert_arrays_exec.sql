INSERT INTO "tags" ("id", "label") SELECT * FROM unnest(CAST($1 AS INTEGER[]), CAST($2 AS TEXT[]))
