package dev.snowcloud.delegator.lease.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The lease scripts, read once from {@code .lua} resources. Each one is the shared
 * {@code pool-lib.lua} (keys, clock, pool re-creation, lazy expiry) followed by its own body,
 * wrapped so that a script which re-created a lost pool or adopted a new Redis run says so:
 * it then answers {@code {'STORE_EVENT', previousRunId or '', runId, recoveryUntil, reply}}
 * instead of {@code reply}, and the store logs what happened.
 */
@SuppressWarnings("rawtypes")
final class LeaseScripts {

    static final RedisScript<List> REGISTER = load("register.lua");

    static final RedisScript<List> RENEW = load("renew.lua");

    static final RedisScript<List> RELEASE = load("release.lua");

    static final RedisScript<List> POOL = load("pool.lua");

    static final RedisScript<List> WORKER = load("worker.lua");

    /*
     * The meta hash (KEYS[1]) is read before and after the script's own work: recoveryUntil
     * only ever changes when ensure_pool() re-creates the pool or adopts a new run, so a
     * change is exactly the event to report, without touching the scripts themselves.
     */
    private static final String OBSERVE_META = """
            local store_event_before = redis.call('HMGET', KEYS[1], 'recoveryUntil', 'runId')
            local store_event_reply = (function()
            """;

    private static final String REPORT_STORE_EVENT = """

            end)()
            local store_event_after = redis.call('HMGET', KEYS[1], 'recoveryUntil', 'runId')
            if store_event_after[1] and store_event_after[1] ~= store_event_before[1] then
              return {'STORE_EVENT', store_event_before[2] or '', store_event_after[2] or '', store_event_after[1],
                store_event_reply}
            end
            return store_event_reply
            """;

    private LeaseScripts() {
    }

    private static RedisScript<List> load(String name) {
        return RedisScript.of(OBSERVE_META + read("pool-lib.lua") + "\n" + read(name) + REPORT_STORE_EVENT, List.class);
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
