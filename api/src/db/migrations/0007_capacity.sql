-- ALBA payloads as json (the JSON text) instead of jsonb: jsonb parsed every number into numeric on
-- insert, about half the cost of storing a single reading. Nothing queries into the payload.
ALTER TABLE "readings" ALTER COLUMN "payload" SET DATA TYPE json USING "payload"::json;
