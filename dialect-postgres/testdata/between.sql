SELECT "users"."name" FROM "users" WHERE "users"."age" BETWEEN $1 AND $2 AND "users"."score" NOT BETWEEN $3 AND $4 ORDER BY "users"."id"
