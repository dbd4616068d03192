INSERT INTO "users" ("name", "status") VALUES ($1, $2) RETURNING "users"."name", "users"."status"
