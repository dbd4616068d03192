SELECT "tags"."label", "wanted"."tag" FROM "tags" JOIN (SELECT "column1" AS "tag" FROM (VALUES (?), (?))) AS "wanted" ON "wanted"."tag" = "tags"."id" ORDER BY "tags"."id"
