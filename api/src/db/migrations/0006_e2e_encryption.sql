CREATE TABLE "account_encryption" (
	"owner_id" text PRIMARY KEY NOT NULL,
	"enabled" boolean NOT NULL,
	"kdf_iterations" integer NOT NULL,
	"kdf_salt" text NOT NULL,
	"key_check" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
