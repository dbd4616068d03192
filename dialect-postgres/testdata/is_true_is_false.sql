SELECT "users"."name", ("users"."age" > $1) IS TRUE AS "t", ("users"."age" > $2) IS FALSE AS "f" FROM "users" ORDER BY "users"."id"
