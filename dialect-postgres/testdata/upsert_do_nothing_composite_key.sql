INSERT INTO "user_tags" ("user_id", "tag_id") VALUES ($1, $2), ($3, $4) ON CONFLICT ("tag_id", "user_id") DO NOTHING
