SELECT "v"."n", "v"."word", "v"."ok" FROM (VALUES (CAST($1 AS BIGINT), CAST($2 AS TEXT), CAST($3 AS BOOLEAN)), ($4, $5, $6), ($7, $8, $9)) AS "v" ("n", "word", "ok") ORDER BY "v"."n"
