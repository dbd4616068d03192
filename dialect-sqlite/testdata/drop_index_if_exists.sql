DROP INDEX IF EXISTS "ix_missing"
