INSERT INTO "users" ("id", "name", "email", "age", "status", "score") VALUES ($1, $2, $3, $4, $5, $6)
