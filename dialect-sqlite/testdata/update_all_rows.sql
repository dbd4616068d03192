UPDATE "tags" SET "label" = "tags"."label" || ?
