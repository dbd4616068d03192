UPDATE "tags" SET "label" = "tags"."label" || $1
