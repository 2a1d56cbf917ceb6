/**
 * The harness generator: a Spring Boot application on the Snowcloud starter that issues
 * IDs on several threads at a steady rate, streams every one to a file, records each
 * refusal and resumption, and lets the test move its wall clock. The fault tests run it
 * as a separate process, several times over.
 */
@NullMarked
package dev.snowcloud.faults.harness;

import org.jspecify.annotations.NullMarked;
