SELECT "users"."name" FROM "users" WHERE "users"."id" <= $1 UNION SELECT "tags"."label" FROM "tags" WHERE "tags"."id" = $2 ORDER BY "name"
