package dev.snowcloud.delegator.lease.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.snowcloud.delegator.lease.GrantedLease;
import dev.snowcloud.delegator.lease.LeaseNotHeldException;
import dev.snowcloud.delegator.lease.LeaseRules;
import dev.snowcloud.delegator.lease.LeaseStore;
import dev.snowcloud.delegator.lease.LeaseTokens;
import dev.snowcloud.delegator.lease.PoolExhaustedException;
import dev.snowcloud.delegator.lease.PoolStatus;
import dev.snowcloud.delegator.lease.Registration;
import dev.snowcloud.delegator.lease.Renewal;
import dev.snowcloud.delegator.lease.StoreRecoveringException;
import dev.snowcloud.delegator.lease.StoreUnavailableException;
import dev.snowcloud.delegator.lease.UnknownWorkerException;
import dev.snowcloud.delegator.lease.WorkerState;

/**
 * A {@link LeaseStore} in Redis, shared by any number of delegator replicas. Each operation
 * is one Lua script (see {@code pool-lib.lua} for the data model), so replicas cannot race
 * and Redis {@code TIME} is the only clock. Works on standalone, Sentinel and Cluster Redis.
 */
public final class RedisLeaseStore implements LeaseStore {

    /** What a namespace may look like: it becomes part of every key, inside the hash tag. */
    public static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final StringRedisTemplate redis;

    private final LeaseRules rules;

    private final List<String> keys;

    private final String[] ruleArgs;

    public RedisLeaseStore(StringRedisTemplate redis, String namespace, LeaseRules rules) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.keys = PoolKeys.of(namespace);
        this.ruleArgs = new String[] { Long.toString(rules.leaseTtl().toMillis()),
                Long.toString(rules.maxClockSkew().toMillis()), Long.toString(rules.recoveryPeriod().toMillis()),
                Integer.toString(rules.poolSize()) };
    }

    @Override
    public LeaseRules rules() {
        return this.rules;
    }

    @Override
    public GrantedLease register(Registration registration) {
        String token = LeaseTokens.next();
        List<?> reply = run(LeaseScripts.REGISTER, token, orEmpty(registration.name()), orEmpty(registration.host()));
        return switch (status(reply)) {
            case "GRANTED" -> new GrantedLease(intAt(reply, 1), token, this.rules.leaseTtl(), instantAt(reply, 2),
                    longAt(reply, 3));
            case "RECOVERING" -> throw new StoreRecoveringException(Duration.ofMillis(longAt(reply, 1)));
            case "EXHAUSTED" -> throw new PoolExhaustedException(Duration.ofMillis(longAt(reply, 1)));
            default -> throw unexpected("register", reply);
        };
    }

    @Override
    public Renewal renew(int workerId, String leaseToken, @Nullable Long lastTimestamp) {
        this.rules.requireWorkerId(workerId);
        List<?> reply = run(LeaseScripts.RENEW, Integer.toString(workerId), leaseToken,
                (lastTimestamp != null) ? Long.toString(lastTimestamp) : "");
        return switch (status(reply)) {
            case "RENEWED" -> new Renewal(new GrantedLease(workerId, leaseToken, this.rules.leaseTtl(),
                    instantAt(reply, 1), longAt(reply, 2)), longAt(reply, 3) == 1);
            case "CONFLICT" -> throw new LeaseNotHeldException(workerId);
            case "UNKNOWN_WORKER" -> throw new UnknownWorkerException(Integer.toString(workerId), this.rules.poolSize());
            default -> throw unexpected("renew", reply);
        };
    }

    @Override
    public void release(int workerId, String leaseToken, long lastTimestamp) {
        this.rules.requireWorkerId(workerId);
        List<?> reply = run(LeaseScripts.RELEASE, Integer.toString(workerId), leaseToken, Long.toString(lastTimestamp));
        switch (status(reply)) {
            case "RELEASED" -> {
            }
            case "CONFLICT" -> throw new LeaseNotHeldException(workerId);
            case "UNKNOWN_WORKER" -> throw new UnknownWorkerException(Integer.toString(workerId), this.rules.poolSize());
            default -> throw unexpected("release", reply);
        }
    }

    @Override
    public PoolStatus pool() {
        List<?> reply = run(LeaseScripts.POOL);
        int size = intAt(reply, 0);
        long recoveryUntil = longAt(reply, 1);
        long now = longAt(reply, 2);
        List<WorkerState> leases = new ArrayList<>();
        for (int i = 3; i + 5 < reply.size(); i += 6) {
            leases.add(WorkerState.leased(intAt(reply, i), stringAt(reply, i + 4), stringAt(reply, i + 5),
                    instantAt(reply, i + 3), instantAt(reply, i + 1), longAt(reply, i + 2)));
        }
        leases.sort(Comparator.comparingInt(WorkerState::workerId));
        return new PoolStatus(size, leases, (now < recoveryUntil) ? Instant.ofEpochMilli(recoveryUntil) : null);
    }

    @Override
    public WorkerState worker(int workerId) {
        this.rules.requireWorkerId(workerId);
        List<?> reply = run(LeaseScripts.WORKER, Integer.toString(workerId));
        return switch (status(reply)) {
            case "LEASED" -> WorkerState.leased(workerId, stringAt(reply, 4), stringAt(reply, 5), instantAt(reply, 3),
                    instantAt(reply, 1), longAt(reply, 2));
            case "FREE" -> WorkerState.free(workerId, longAt(reply, 1));
            case "UNKNOWN_WORKER" -> throw new UnknownWorkerException(Integer.toString(workerId), this.rules.poolSize());
            default -> throw unexpected("worker", reply);
        };
    }

    @SuppressWarnings("rawtypes")
    private List<?> run(RedisScript<List> script, String... args) {
        String[] all = new String[this.ruleArgs.length + args.length];
        System.arraycopy(this.ruleArgs, 0, all, 0, this.ruleArgs.length);
        System.arraycopy(args, 0, all, this.ruleArgs.length, args.length);
        List<?> reply;
        try {
            reply = this.redis.execute(script, this.keys, (Object[]) all);
        }
        catch (DataAccessException | RedisException ex) {
            throw new StoreUnavailableException("Redis did not answer: " + ex.getMessage(), ex);
        }
        if (reply == null || reply.isEmpty()) {
            throw new StoreUnavailableException("Redis returned no reply", new IllegalStateException("empty reply"));
        }
        return reply;
    }

    private static String orEmpty(@Nullable String value) {
        return (value != null) ? value : "";
    }

    private static String status(List<?> reply) {
        return String.valueOf(reply.get(0));
    }

    private static long longAt(List<?> reply, int index) {
        Object value = reply.get(index);
        if (value instanceof Number number) {
            return number.longValue();
        }
        return Long.parseLong(String.valueOf(value));
    }

    private static int intAt(List<?> reply, int index) {
        return Math.toIntExact(longAt(reply, index));
    }

    private static Instant instantAt(List<?> reply, int index) {
        return Instant.ofEpochMilli(longAt(reply, index));
    }

    private static @Nullable String stringAt(List<?> reply, int index) {
        Object value = reply.get(index);
        return (value != null) ? value.toString() : null;
    }

    private static StoreUnavailableException unexpected(String operation, List<?> reply) {
        return new StoreUnavailableException("Unexpected reply to " + operation + ": " + reply,
                new IllegalStateException("unexpected script reply"));
    }

}
