-- The outbox stores an e-mail as data, its template's name and its sealed props, and the sender
-- renders it when it sends it; no longer as rendered, sealed HTML and text. Mail still pending in
-- the old form cannot be turned back into props: it is given up (its code expires within minutes
-- anyway, and a new request sends a new one).
UPDATE "OutboxEmail"
SET "status" = 'failed', "lastError" = 'queued before the outbox stored templates; not sent'
WHERE "status" = 'pending';

-- AlterTable
ALTER TABLE "OutboxEmail" DROP COLUMN "html",
DROP COLUMN "subject",
DROP COLUMN "text",
ADD COLUMN     "props" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "template" TEXT NOT NULL DEFAULT '';

ALTER TABLE "OutboxEmail" ALTER COLUMN "props" DROP DEFAULT, ALTER COLUMN "template" DROP DEFAULT;
