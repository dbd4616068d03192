SELECT CAST("users"."age" AS TEXT) || ? AS "a", CAST(? AS INTEGER) + ? AS "b" FROM "users" WHERE "users"."id" = ?
