INSERT INTO "users" ("name", "email", "status") VALUES ($1, $2, $3), ($4, $5, $6) ON CONFLICT ("email") DO NOTHING
