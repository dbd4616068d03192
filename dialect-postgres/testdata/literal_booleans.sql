SELECT "users"."name", TRUE AS "t", FALSE AS "f" FROM "users" WHERE TRUE AND "users"."id" <= $1 AND TRUE AND (FALSE OR "users"."id" <= $2) AND NOT (FALSE) ORDER BY "users"."id"
