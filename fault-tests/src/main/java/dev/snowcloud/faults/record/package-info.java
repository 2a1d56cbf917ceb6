/**
 * The files a harness generator process leaves in its run directory, written by the
 * harness app and read by the fault tests: issued IDs as binary longs, an event log and a
 * status snapshot.
 */
@NullMarked
package dev.snowcloud.faults.record;

import org.jspecify.annotations.NullMarked;
