/**
 * The Redis lease store: one Lua script per operation, keys under one hash tag per namespace.
 */
@NullMarked
package dev.snowcloud.delegator.lease.redis;

import org.jspecify.annotations.NullMarked;
