/**
 * Spring MVC support: a generator that refuses to issue answers {@code 503}.
 */
@NullMarked
package dev.snowcloud.starter.web;

import org.jspecify.annotations.NullMarked;
