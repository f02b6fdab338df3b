package com.bulkcancel.input;

/**
 * One logical record made of one or more physical lines. number = 0 for the header, then 1, 2, ... for data
 * records; text = the record without its final terminator (null when problem says the quoting is unbalanced);
 * raw = the record's exact bytes; problem = why the record cannot be parsed, or null.
 */
record AssembledRecord(long number, String text, byte[] raw, String problem) {}
