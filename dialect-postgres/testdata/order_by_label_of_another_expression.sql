SELECT "users"."name" AS "k" FROM "users" WHERE "users"."age" IS NOT NULL ORDER BY "users"."age"
