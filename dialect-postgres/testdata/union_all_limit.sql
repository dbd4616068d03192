SELECT "users"."status" FROM "users" WHERE "users"."id" <= $1 UNION ALL SELECT "users"."status" FROM "users" WHERE "users"."id" = $2 ORDER BY "status" LIMIT $3
