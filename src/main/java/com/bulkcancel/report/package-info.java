/** What the operator reads after a run, rendered from the outcome table: the results file. */
package com.bulkcancel.report;
