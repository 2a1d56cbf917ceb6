/**
 * The {@code /ids} API: raw IDs as text or JSON, and decoding.
 */
@NullMarked
package dev.snowcloud.example.ids;

import org.jspecify.annotations.NullMarked;
