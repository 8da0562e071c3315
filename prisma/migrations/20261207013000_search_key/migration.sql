-- Staff search: punctuation spelt as capital letters in "searchText". pg_trgm splits text into
-- words at anything but a letter or a digit, so "ann_k" or "n@inb" gave the trigram index only
-- one- and two-letter words, whose trigrams are in most rows: the index narrowed nothing. Spelt
-- as letters ("annQk", "nJinb"), punctuation is part of the word and every three characters of a
-- search are one selective trigram. The column holds lowercase text only, so a capital letter
-- always stands for the punctuation it replaced and LIKE on it stays exact. U+0001 between the
-- fields stays a word break: no trigram spans two fields.
DROP INDEX "User_searchText_idx";
ALTER TABLE "User" DROP COLUMN "searchText";
ALTER TABLE "User" ADD COLUMN "searchText" TEXT GENERATED ALWAYS AS (
  translate(lower("username") || chr(1) || coalesce(lower("email"), '') || chr(1) || "phoneNumber", '_.-@+', 'QXZJK')
) STORED;
CREATE INDEX "User_searchText_idx" ON "User" USING GIN ("searchText" gin_trgm_ops);

-- The newest-first walk of the search reads the join-date order with its tie-break (id): one
-- index for both, so PostgreSQL streams the order instead of sorting each run of equal dates.
DROP INDEX "User_dateJoined_idx";
CREATE INDEX "User_dateJoined_id_idx" ON "User" ("dateJoined", "id");
