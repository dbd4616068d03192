INSERT INTO "users" ("id", "name", "status", "score") VALUES (?, ?, ?, ?), (?, ?, ?, ?) ON CONFLICT ("id") DO UPDATE SET "score" = "users"."score" + EXCLUDED."score"
