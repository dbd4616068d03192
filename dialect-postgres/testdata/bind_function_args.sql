SELECT substr("users"."name", CAST($1 AS INTEGER), CAST($2 AS INTEGER)) AS "mid", lower(CAST($3 AS TEXT)) AS "low" FROM "users" WHERE "users"."id" = $4
