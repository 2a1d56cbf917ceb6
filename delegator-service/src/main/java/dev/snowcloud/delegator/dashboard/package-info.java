/**
 * The pool dashboard: a static page and its read-only sign-in.
 */
@NullMarked
package dev.snowcloud.delegator.dashboard;

import org.jspecify.annotations.NullMarked;
