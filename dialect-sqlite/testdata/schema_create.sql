CREATE TABLE "users" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "name" VARCHAR(100) NOT NULL, "email" VARCHAR(200) UNIQUE, "age" INTEGER, "status" TEXT NOT NULL CHECK ("status" IN ('active', 'banned')), "score" INTEGER);
CREATE INDEX "ix_users_name" ON "users" ("name");
CREATE TABLE "tags" ("id" INTEGER NOT NULL, "label" VARCHAR(50) NOT NULL UNIQUE, PRIMARY KEY ("id"));
CREATE TABLE "nodes" ("id" INTEGER NOT NULL, "parent_id" INTEGER, "label" VARCHAR(50) NOT NULL, PRIMARY KEY ("id"), FOREIGN KEY ("parent_id") REFERENCES "nodes" ("id"));
CREATE TABLE "scratch" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "price" NUMERIC(10,2) NOT NULL DEFAULT 0, "ratio" REAL, "flag" BOOLEAN, "born" DATE, "at" TIMESTAMP, "at_tz" TIMESTAMP, "clock" TEXT, "blob" BLOB, "doc" TEXT, "uid" TEXT, "small" SMALLINT, "f" REAL, "code" VARCHAR(20), CONSTRAINT "uq_scratch_code_small" UNIQUE ("code", "small"));
CREATE INDEX "ix_scratch_code" ON "scratch" ("code");
CREATE TABLE "events" ("id" INTEGER NOT NULL, "at" TIMESTAMP NOT NULL, "label" VARCHAR(20) NOT NULL, PRIMARY KEY ("id"));
CREATE TABLE "orders" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" BIGINT NOT NULL, "amount" INTEGER NOT NULL, "note" TEXT, FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE, CONSTRAINT "ck_orders_amount" CHECK (amount >= 0));
CREATE TABLE "user_tags" ("user_id" BIGINT NOT NULL, "tag_id" INTEGER NOT NULL, PRIMARY KEY ("user_id", "tag_id"), FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE, CONSTRAINT "fk_user_tags_tag" FOREIGN KEY ("tag_id") REFERENCES "tags" ("id"))
