SELECT "events"."id", char_length("events"."label") AS "n" FROM "events" WHERE char_length("events"."label") > $1 ORDER BY "events"."id"
