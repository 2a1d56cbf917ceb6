/**
 * The REST API v1 on {@code /workers}, and how failures become problem details.
 */
@NullMarked
package dev.snowcloud.delegator.web;

import org.jspecify.annotations.NullMarked;
