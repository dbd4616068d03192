INSERT INTO "users" ("id", "name", "status", "score") VALUES ($1, $2, $3, $4), ($5, $6, $7, $8) ON CONFLICT ("id") DO UPDATE SET "score" = "users"."score" + EXCLUDED."score"
