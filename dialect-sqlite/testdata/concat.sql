SELECT ("users"."name" || ?) || "users"."status" AS "tag" FROM "users" WHERE "users"."id" <= ? ORDER BY "users"."id"
