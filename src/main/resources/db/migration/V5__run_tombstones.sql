-- Issue 15: cancel.retention deletes finished runs that ended long ago. Each leaves one row here, its tombstone,
-- so a rerun of the same file still answers "completed on ..." (and sends nothing) and --cancel.history still lists
-- it. Portable SQL: the same script runs on H2 and PostgreSQL.
-- JOB_INSTANCE_ID: the instance whose lines the run recorded (a retry pass's instances are deleted with it).
-- INPUT, INPUT_SHA256, BASE_URL (as recorded), GENERATION, READING: the run's identifying job parameters and how it
-- read the file. STATUS: COMPLETED or ABANDONED. COUNTS: rows per outcome, 'CANCELLED=3,FAILED=1'.
-- LAST_EXECUTION_ID: its newest job execution, so the history orders it among the runs still kept.
-- STARTED, ENDED: Spring Batch's times (local, as in BATCH_JOB_EXECUTION). PRUNED_AT: when it was deleted.
CREATE TABLE IF NOT EXISTS BULK_CANCEL_PRUNED_RUN (
	JOB_INSTANCE_ID BIGINT NOT NULL,
	INPUT VARCHAR(2500) NOT NULL,
	INPUT_SHA256 VARCHAR(100),
	BASE_URL VARCHAR(2500),
	GENERATION BIGINT NOT NULL,
	READING VARCHAR(2500),
	STATUS VARCHAR(10) NOT NULL,
	COUNTS VARCHAR(1000) NOT NULL,
	RESULTS VARCHAR(2500),
	EXIT_DESCRIPTION VARCHAR(2500),
	LAST_EXECUTION_ID BIGINT NOT NULL,
	STARTED TIMESTAMP,
	ENDED TIMESTAMP,
	PRUNED_AT TIMESTAMP WITH TIME ZONE NOT NULL,
	constraint BULK_CANCEL_PRUNED_RUN_PK primary key (JOB_INSTANCE_ID)
);
CREATE INDEX IF NOT EXISTS BULK_CANCEL_PRUNED_RUN_INPUT ON BULK_CANCEL_PRUNED_RUN (INPUT);
