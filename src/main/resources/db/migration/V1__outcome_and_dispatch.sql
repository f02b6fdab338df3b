-- The project's own tables, as the 1.0 jar created them. IF NOT EXISTS: a job database written by that jar
-- already has them (Flyway baselines such a database at version 0 and then runs this script harmlessly).
-- Portable SQL: the same script runs on H2 and PostgreSQL.

-- The outcome table: the durable record of what happened to each input line.
CREATE TABLE IF NOT EXISTS BULK_CANCEL_OUTCOME (
	JOB_INSTANCE_ID BIGINT NOT NULL,
	LINE BIGINT NOT NULL,
	RESERVATION_UUID VARCHAR(36),
	OUTCOME VARCHAR(20) NOT NULL,
	HTTP_STATUS INT,
	API_MESSAGE VARCHAR(200),
	ATTEMPTS INT NOT NULL,
	UNCLEAR BOOLEAN NOT NULL,
	FINISHED_AT TIMESTAMP WITH TIME ZONE,
	DETAIL VARCHAR(1000),
	constraint BULK_CANCEL_OUTCOME_PK primary key (JOB_INSTANCE_ID, LINE)
);

-- The line ranges whose cancel calls a run had started and not yet all answered: one row per chunk, written
-- before its first call and removed once every call up to its last line is answered and recorded. A range that
-- survives means a run was killed with calls in flight; its lines without a recorded outcome may have been
-- cancelled.
CREATE TABLE IF NOT EXISTS BULK_CANCEL_DISPATCH (
	JOB_INSTANCE_ID BIGINT NOT NULL,
	FIRST_LINE BIGINT NOT NULL,
	LAST_LINE BIGINT NOT NULL,
	constraint BULK_CANCEL_DISPATCH_PK primary key (JOB_INSTANCE_ID, FIRST_LINE, LAST_LINE)
);
