SELECT "users"."name" AS "who", "users"."score" + "users"."id" AS "total" FROM "users" WHERE "users"."score" IS NOT NULL ORDER BY "total", "users"."name" LIMIT ?
