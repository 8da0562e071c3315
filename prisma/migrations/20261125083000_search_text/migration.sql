-- Staff search reads one lowercased column instead of ILIKE over username, e-mail and phone
-- (lib/admin/user-query.ts): LIKE on stored lowercase text costs a fraction of ILIKE per row,
-- and one trigram index replaces three. U+0001 separates the fields: none of them can hold it.
ALTER TABLE "User" ADD COLUMN "searchText" TEXT GENERATED ALWAYS AS (
  lower("username") || chr(1) || coalesce(lower("email"), '') || chr(1) || "phoneNumber"
) STORED;

-- DropIndex
DROP INDEX "User_username_idx";

-- DropIndex
DROP INDEX "User_phoneNumber_idx";

-- DropIndex
DROP INDEX "User_email_idx";

-- CreateIndex
CREATE INDEX "User_searchText_idx" ON "User" USING GIN ("searchText" gin_trgm_ops);
