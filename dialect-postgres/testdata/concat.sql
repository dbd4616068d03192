SELECT ("users"."name" || $1) || "users"."status" AS "tag" FROM "users" WHERE "users"."id" <= $2 ORDER BY "users"."id"
