/**
 * Reading the reservations CSV: streaming over bytes, record assembly (quoted fields may span lines), header
 * and column mapping, and row validation into {@link com.bulkcancel.input.CheckedRow}.
 * Bad input always gets a reason naming the problem; a value is never silently cut, re-encoded or dropped.
 */
package com.bulkcancel.input;
