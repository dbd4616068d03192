INSERT INTO "users" ("name", "email", "status") VALUES ($1, $2, $3), ($4, $5, $6), ($7, $8, $9) ON CONFLICT ("email") DO UPDATE SET "name" = EXCLUDED."name"
