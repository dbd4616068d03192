INSERT INTO "users" ("name", "email", "status") VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?) ON CONFLICT ("email") DO UPDATE SET "name" = EXCLUDED."name"
