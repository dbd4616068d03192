CREATE UNIQUE INDEX IF NOT EXISTS "ix_users_name" ON "users" ("name")
