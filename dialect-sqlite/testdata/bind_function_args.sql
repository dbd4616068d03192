SELECT substr("users"."name", ?, ?) AS "mid", lower(?) AS "low" FROM "users" WHERE "users"."id" = ?
