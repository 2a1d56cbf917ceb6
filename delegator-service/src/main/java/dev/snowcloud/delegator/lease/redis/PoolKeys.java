package dev.snowcloud.delegator.lease.redis;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The Redis keys of one namespace's pool, in the order the scripts expect them. All share
 * the hash tag {@code {snowcloud:<namespace>}}, so they live in one Redis Cluster slot.
 */
final class PoolKeys {

    /** What a namespace may look like: it becomes part of every key. */
    static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final List<String> NAMES = List.of("meta", "free", "expiry", "token", "released", "watermark",
            "notbefore", "leasedat", "name", "host");

    private PoolKeys() {
    }

    /** The key prefix of a namespace, e.g. {@code {snowcloud:default}:}. */
    static String prefix(String namespace) {
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must match " + NAMESPACE + ", not '" + namespace + "'");
        }
        return "{snowcloud:" + namespace + "}:";
    }

    /** Every key of a namespace, in script order. */
    static List<String> of(String namespace) {
        String prefix = prefix(namespace);
        return NAMES.stream().map((name) -> prefix + name).toList();
    }

}
