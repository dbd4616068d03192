SELECT "v"."n", "v"."word", "v"."ok" FROM (SELECT "column1" AS "n", "column2" AS "word", "column3" AS "ok" FROM (VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?))) AS "v" ORDER BY "v"."n"
