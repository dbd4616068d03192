INSERT INTO "user_tags" ("user_id", "tag_id") VALUES (?, ?), (?, ?) ON CONFLICT ("tag_id", "user_id") DO NOTHING
