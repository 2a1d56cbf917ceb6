package dev.snowcloud.delegator.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The accepted API keys, kept only as SHA-256 digests. A presented key is digested and
 * compared with every accepted digest in constant time, so neither the time taken nor an
 * early exit tells how much of a key was right, or which key matched.
 */
public final class ApiKeys {

    private final List<byte[]> digests;

    public ApiKeys(Collection<String> keys) {
        this.digests = keys.stream().map(ApiKeys::digest).toList();
    }

    /** Whether the presented key is one of the accepted ones. */
    public boolean accepts(@Nullable String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] candidate = digest(presented);
        boolean match = false;
        for (byte[] accepted : this.digests) {
            match |= MessageDigest.isEqual(accepted, candidate);
        }
        return match;
    }

    @Override
    public String toString() {
        return "ApiKeys[" + this.digests.size() + " keys]";
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform has SHA-256", ex);
        }
    }

}
