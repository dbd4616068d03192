SELECT "a"."id", "b"."id" FROM "nodes" AS "a" FULL JOIN "nodes" AS "b" ON "a"."id" = "b"."parent_id" AND "b"."id" > ?
