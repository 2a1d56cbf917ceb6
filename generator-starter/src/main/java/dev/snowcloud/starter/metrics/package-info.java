/**
 * Micrometer meters of the generator and its lease.
 */
@NullMarked
package dev.snowcloud.starter.metrics;

import org.jspecify.annotations.NullMarked;
