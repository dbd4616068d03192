SELECT "events"."id", CAST(strftime('%w', "events"."at") AS INTEGER) * ? AS "dow10" FROM "events" WHERE CAST(strftime('%Y', "events"."at") AS INTEGER) < ? ORDER BY "events"."id"
