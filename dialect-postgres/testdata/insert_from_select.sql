INSERT INTO "tags" ("id", "label") SELECT "users"."id" + $1, "users"."name" FROM "users" WHERE "users"."id" <= $2
