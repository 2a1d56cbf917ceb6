/**
 * API keys: who may call {@code /workers}.
 */
@NullMarked
package dev.snowcloud.delegator.auth;

import org.jspecify.annotations.NullMarked;
