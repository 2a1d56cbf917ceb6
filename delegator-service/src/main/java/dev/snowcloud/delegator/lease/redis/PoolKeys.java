package dev.snowcloud.delegator.lease.redis;

import java.util.List;

/**
 * The Redis keys of one namespace's pool, in the order the scripts expect them. All share
 * the hash tag {@code {snowcloud:<namespace>}}, so they live in one Redis Cluster slot.
 */
final class PoolKeys {

    private static final List<String> NAMES = List.of("meta", "free", "expiry", "token", "released", "watermark",
            "notbefore", "leasedat", "name", "host", "fence");

    private PoolKeys() {
    }

    /** The key prefix of a namespace, e.g. {@code {snowcloud:default}:}. */
    static String prefix(String namespace) {
        if (!RedisLeaseStore.NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must match " + RedisLeaseStore.NAMESPACE + ", not '" + namespace + "'");
        }
        return "{snowcloud:" + namespace + "}:";
    }

    /** Every key of a namespace, in script order. */
    static List<String> of(String namespace) {
        String prefix = prefix(namespace);
        return NAMES.stream().map((name) -> prefix + name).toList();
    }

}
