-- Issue 13, one ledger per environment. Portable SQL: the same script runs on H2 and PostgreSQL.
-- One row per (environment, reservation): ENVIRONMENT is the base URL in its normal form (JobIdentity.normalise;
-- never a token). STATE CLAIMED: a run holds the reservation while its call may be in flight (claimed before the
-- chunk's calls, released once the outcome is recorded); the primary key lets one run at a time hold it, also when
-- several runs go at once on PostgreSQL. STATE CANCELLED: a run recorded CANCELLED for it; no other run against
-- this environment sends it again (outcome CANCELLED_EARLIER), whatever the file.
-- JOB_INSTANCE_ID is the job instance whose lines the run records (a retry pass: the original run's), JOB_EXECUTION_ID
-- the run itself; LOCK_KEY is the advisory key of its input, whose heartbeat (V2) says whether the holder still lives.
-- The key's UUID comes first: a chunk's lookup (RESERVATION_UUID IN (...) AND ENVIRONMENT = ?) then reads H2's index
-- by the IN list instead of scanning every entry of the environment for each chunk.
-- No backfill: the normal form of a base URL is computed in Java, and runs before normalisation stored the spelling
-- given, so SQL cannot derive each past run's environment reliably; the ledger starts with this version.
CREATE TABLE IF NOT EXISTS BULK_CANCEL_LEDGER (
	ENVIRONMENT VARCHAR(2000) NOT NULL,
	RESERVATION_UUID VARCHAR(36) NOT NULL,
	STATE VARCHAR(10) NOT NULL,
	JOB_INSTANCE_ID BIGINT NOT NULL,
	JOB_EXECUTION_ID BIGINT NOT NULL,
	LOCK_KEY BIGINT NOT NULL,
	INPUT_PATH VARCHAR(2500) NOT NULL,
	INPUT_SHA256 VARCHAR(64) NOT NULL,
	LINE BIGINT NOT NULL,
	CHANGED_AT TIMESTAMP WITH TIME ZONE NOT NULL,
	constraint BULK_CANCEL_LEDGER_PK primary key (RESERVATION_UUID, ENVIRONMENT)
);
-- No other index: every claim, settle and release of a chunk goes through the key (an IN list of its UUIDs), and a
-- secondary index would cost every claimed row an extra write. Releasing dead runs' claims at a start and
-- forgetting an instance's entries (retention) read the whole table, which is rare.
