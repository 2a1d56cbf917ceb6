package dev.snowcloud.delegator.lease;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Lease tokens: 128 random bits, URL-safe Base64 without padding (22 characters). */
public final class LeaseTokens {

    /** What a well-formed token may look like; anything else cannot be one of ours. */
    public static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private LeaseTokens() {
    }

    /** A new, unguessable token. */
    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
