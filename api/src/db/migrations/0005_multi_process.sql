CREATE TABLE "instance_activity" (
	"instance_id" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	"renders" jsonb NOT NULL,
	"ingest_last_minute" integer NOT NULL,
	"last_ingest" timestamp with time zone
);
