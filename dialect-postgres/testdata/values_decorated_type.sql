SELECT "tags"."label", "wanted"."tag" FROM "tags" JOIN (VALUES (CAST($1 AS INTEGER)), ($2)) AS "wanted" ("tag") ON "wanted"."tag" = "tags"."id" ORDER BY "tags"."id"
