SELECT "users"."name", "users"."age" IS DISTINCT FROM ? AS "d", "users"."score" IS NULL AS "nd", "users"."score" IS NOT NULL AS "dn" FROM "users" ORDER BY "users"."id"
