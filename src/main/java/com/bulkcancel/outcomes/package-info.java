/**
 * The durable per-line outcome table: the single source of truth for what happened to each input line, written
 * outside the chunk transaction so that a crash loses at most the answers of calls still in flight.
 */
package com.bulkcancel.outcomes;
