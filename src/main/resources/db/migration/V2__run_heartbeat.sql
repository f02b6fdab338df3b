-- The live run's heartbeat, one row per input (LOCK_KEY: the input's advisory lock key), refreshed every 2 s with
-- the database's clock. On PostgreSQL a new start takes a run shown as STARTED for dead only if it gets the
-- input's advisory lock and this beat is old enough that the run can no longer be sending (see RunLock).
CREATE TABLE IF NOT EXISTS BULK_CANCEL_HEARTBEAT (
	LOCK_KEY BIGINT NOT NULL,
	BEATEN_AT TIMESTAMP WITH TIME ZONE NOT NULL,
	constraint BULK_CANCEL_HEARTBEAT_PK primary key (LOCK_KEY)
);
