UPDATE "users" SET "score" = $1 WHERE "users"."status" = $2 RETURNING "users"."id", "users"."score"
