/**
 * The job's shape and the command's decisions: wiring of the cancel and report steps, the job identity, whether a
 * command starts, resumes or only reports a run, the progress log, the end-of-run summary and the exit codes
 * schedulers read.
 */
package com.bulkcancel.job;
