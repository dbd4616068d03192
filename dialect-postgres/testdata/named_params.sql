SELECT "users"."name" FROM "users" WHERE "users"."age" > $1 AND "users"."status" = $2 ORDER BY "users"."id"
