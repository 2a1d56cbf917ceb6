/**
 * Wiring: the {@code snowcloud.delegator.*} properties and the beans chosen from them.
 */
@NullMarked
package dev.snowcloud.delegator.config;

import org.jspecify.annotations.NullMarked;
