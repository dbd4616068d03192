SELECT "events"."id", length("events"."label") AS "n" FROM "events" WHERE length("events"."label") > ? ORDER BY "events"."id"
