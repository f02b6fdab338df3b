/**
 * What the operator reads after a run, rendered from the outcome table: the results file and the retry file, each
 * written whole or not at all (the job's end-of-run summary is written through the same {@link OutputFile}).
 * Reads the input and the outcome table; knows nothing of the job.
 */
package com.bulkcancel.report;
