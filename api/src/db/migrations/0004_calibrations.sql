CREATE TABLE "calibrations" (
	"owner_id" text NOT NULL,
	"device" text NOT NULL,
	"target" text NOT NULL,
	"calibration" jsonb NOT NULL,
	"made_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calibrations_owner_id_device_target_pk" PRIMARY KEY("owner_id","device","target")
);
