package dev.snowcloud.delegator.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Who may read the pool: a read-only key, or an API key (which may do more). Either comes as
 * {@code Authorization: Bearer <key>}, or once through the dashboard's sign-in, which answers
 * with a session cookie. The cookie holds no key: it is {@code <expiry ms>.<mac>}, the mac an
 * HMAC-SHA256 of the expiry keyed by the SHA-256 digest of the key that signed in. So every
 * replica that accepts the key accepts the cookie, nothing is stored, a cookie cannot be
 * stretched, and removing a key ends its sessions. Keys are kept only as digests and compared
 * in constant time with every accepted one.
 */
public final class ReadAccess {

    /** Name of the dashboard's session cookie. */
    public static final String COOKIE = "snowcloud-read";

    private static final String ALGORITHM = "HmacSHA256";

    private final List<byte[]> digests;

    private final Duration sessionTtl;

    private final Clock clock;

    public ReadAccess(Collection<String> readKeys, Collection<String> apiKeys, Duration sessionTtl, Clock clock) {
        this.digests = Stream.concat(readKeys.stream(), apiKeys.stream())
            .map(String::strip)
            .filter((key) -> !key.isEmpty())
            .map(ReadAccess::digest)
            .toList();
        this.sessionTtl = sessionTtl;
        this.clock = clock;
    }

    /** How long a session cookie lasts. */
    public Duration sessionTtl() {
        return this.sessionTtl;
    }

    /** Whether the presented key may read the pool. */
    public boolean acceptsKey(@Nullable String presented) {
        return signingDigest(presented) != null;
    }

    /**
     * A session cookie value for the presented key, or {@code null} when the key may not read
     * the pool.
     */
    public @Nullable String openSession(@Nullable String presented) {
        byte[] digest = signingDigest(presented);
        if (digest == null) {
            return null;
        }
        long expiry = this.clock.millis() + this.sessionTtl.toMillis();
        return expiry + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(digest, expiry));
    }

    /** Whether a session cookie value is one that an accepted key signed and that has not expired. */
    public boolean acceptsSession(@Nullable String cookie) {
        if (cookie == null) {
            return false;
        }
        int dot = cookie.indexOf('.');
        if (dot < 1 || dot > 19) {
            return false;
        }
        long expiry;
        byte[] presented;
        try {
            expiry = Long.parseLong(cookie, 0, dot, 10);
            presented = Base64.getUrlDecoder().decode(cookie.substring(dot + 1));
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
        if (expiry <= this.clock.millis()) {
            return false;
        }
        boolean match = false;
        for (byte[] digest : this.digests) {
            match |= MessageDigest.isEqual(mac(digest, expiry), presented);
        }
        return match;
    }

    @Override
    public String toString() {
        return "ReadAccess[" + this.digests.size() + " keys]";
    }

    /** The digest of the accepted key the presented one matches, found without an early exit. */
    private byte @Nullable [] signingDigest(@Nullable String presented) {
        if (presented == null || presented.isEmpty()) {
            return null;
        }
        byte[] candidate = digest(presented);
        byte[] found = null;
        for (byte[] accepted : this.digests) {
            if (MessageDigest.isEqual(accepted, candidate)) {
                found = accepted;
            }
        }
        return found;
    }

    private static byte[] mac(byte[] digest, long expiry) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(digest, ALGORITHM));
            return mac.doFinal(("snowcloud-read-session:" + expiry).getBytes(StandardCharsets.UTF_8));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Every Java platform has " + ALGORITHM, ex);
        }
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Every Java platform has SHA-256", ex);
        }
    }

}
