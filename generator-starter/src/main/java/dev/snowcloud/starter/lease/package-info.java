/**
 * The worker lease lifecycle: a client of the delegator's REST API and the
 * background registration and renewal that keep a generator's lease valid.
 */
@NullMarked
package dev.snowcloud.starter.lease;

import org.jspecify.annotations.NullMarked;
