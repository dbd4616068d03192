UPDATE "users" SET "score" = ? WHERE "users"."status" = ? RETURNING "id", "score"
