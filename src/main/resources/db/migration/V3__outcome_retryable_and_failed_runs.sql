-- Issue 13: a rerun retries what failed for a passing reason. Portable SQL: the same script runs on H2 and PostgreSQL.
-- RETRYABLE: a FAILED row failed for a transient reason (retries used up on 5xx, 429, timeouts or resets; stopped
-- before retrying; could not connect; a refused token; a first call that showed the command wrong), so a rerun sends
-- it again. FALSE for every other outcome and for a FAILED row from an undocumented answer (a 200, a 400 without
-- the documented message...): re-sending that would turn an unknown into ALREADY_FINAL; it stays for a person.
-- FAILED_RUNS: in how many runs (and retry passes) the row has ended FAILED; none is retried automatically after
-- cancel.max-runs-per-row of them.
ALTER TABLE BULK_CANCEL_OUTCOME ADD COLUMN RETRYABLE BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE BULK_CANCEL_OUTCOME ADD COLUMN FAILED_RUNS INT DEFAULT 0 NOT NULL;

-- Rows written before this migration: a FAILED row is retried only if its detail says it failed for a transient
-- reason (the dispatcher's own words); any other FAILED row is taken for an undocumented answer and never re-sent
-- automatically. Each counts as ended FAILED in one run.
UPDATE BULK_CANCEL_OUTCOME SET FAILED_RUNS = 1 WHERE OUTCOME = 'FAILED';
UPDATE BULK_CANCEL_OUTCOME SET RETRYABLE = TRUE WHERE OUTCOME = 'FAILED'
	AND (DETAIL LIKE 'gave up after %' OR DETAIL LIKE 'stopped before retrying%');
