SELECT count(*) AS "n" FROM "users" GROUP BY substr("users"."status", $1, $2) ORDER BY count(*)
