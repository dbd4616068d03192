INSERT INTO "tags" ("id", "label") VALUES (?, ?), (?, ?), (?, lower(?))
