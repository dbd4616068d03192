SELECT "users"."name" FROM "users" WHERE (age > $1) AND "users"."status" = $2 ORDER BY "users"."id"
