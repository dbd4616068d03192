UPDATE "users" SET "score" = "users"."score" + $1, "name" = $2, "age" = $3 WHERE "users"."id" = $4
