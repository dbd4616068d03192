SELECT "events"."id", CAST(EXTRACT(DOW FROM "events"."at") AS INTEGER) * $1 AS "dow10" FROM "events" WHERE CAST(EXTRACT(YEAR FROM "events"."at") AS INTEGER) < $2 ORDER BY "events"."id"
