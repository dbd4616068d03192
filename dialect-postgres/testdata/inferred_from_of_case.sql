SELECT CASE WHEN "users"."age" < $1 THEN "users"."name" ELSE "users"."email" END AS "contact" FROM "users" WHERE "users"."id" <= $2 ORDER BY "users"."id"
