SELECT "users"."name" FROM "users" WHERE "users"."id" = ANY($1) AND "users"."name" <> ALL($2) ORDER BY "users"."id"
