INSERT INTO "users" ("name", "email", "status") VALUES (?, ?, ?), (?, ?, ?) ON CONFLICT ("email") DO NOTHING
