SELECT count(*) FROM "users" AS "a" JOIN "users" AS "b" ON "a"."age" IS DISTINCT FROM "b"."age"
