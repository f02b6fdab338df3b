/**
 * What the command was launched with and answers to: its environment (read for the token only), its own standard
 * output, and the error for an invocation that cannot run (exit 2). Depends on no other package of ours.
 */
package com.bulkcancel.launch;
