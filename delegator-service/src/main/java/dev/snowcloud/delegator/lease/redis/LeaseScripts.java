package dev.snowcloud.delegator.lease.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The lease scripts, read once from {@code .lua} resources. Each one is the shared
 * {@code pool-lib.lua} (keys, clock, pool re-creation, lazy expiry) followed by its own body.
 */
@SuppressWarnings("rawtypes")
final class LeaseScripts {

    static final RedisScript<List> REGISTER = load("register.lua");

    static final RedisScript<List> RENEW = load("renew.lua");

    static final RedisScript<List> RELEASE = load("release.lua");

    static final RedisScript<List> POOL = load("pool.lua");

    static final RedisScript<List> WORKER = load("worker.lua");

    private LeaseScripts() {
    }

    private static RedisScript<List> load(String name) {
        return RedisScript.of(read("pool-lib.lua") + "\n" + read(name), List.class);
    }

    private static String read(String name) {
        try (InputStream in = LeaseScripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing script resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
