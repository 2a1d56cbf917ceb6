/**
 * Actuator support: the generator's health and the {@code snowcloud} endpoint.
 */
@NullMarked
package dev.snowcloud.starter.actuate;

import org.jspecify.annotations.NullMarked;
