/**
 * The Frontpayment side: building and sending a cancel call, the status-to-outcome table, retries with backoff,
 * the rate limit, and the cancel step's writer that runs the calls of a chunk concurrently.
 */
package com.bulkcancel.provider;
