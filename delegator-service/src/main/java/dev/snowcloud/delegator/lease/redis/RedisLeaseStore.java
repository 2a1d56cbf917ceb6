package dev.snowcloud.delegator.lease.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.protocol.ConnectionIntent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
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
import dev.snowcloud.delegator.lease.ReplicaSettingsConflictException;
import dev.snowcloud.delegator.lease.StoreRecoveringException;
import dev.snowcloud.delegator.lease.StoreUnavailableException;
import dev.snowcloud.delegator.lease.UnknownWorkerException;
import dev.snowcloud.delegator.lease.WorkerState;
import dev.snowcloud.delegator.lease.WriteNotAcknowledgedException;

/**
 * A {@link LeaseStore} in Redis, shared by any number of delegator replicas. Each operation
 * is one Lua script (see {@code pool-lib.lua} for the data model), so replicas cannot race
 * and Redis {@code TIME} is the only clock. Works on standalone, Sentinel and Cluster Redis.
 */
public final class RedisLeaseStore implements LeaseStore {

    /** What a namespace may look like: it becomes part of every key, inside the hash tag. */
    public static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final Log logger = LogFactory.getLog(RedisLeaseStore.class);

    /** The scripts whose changes a holder relies on, so a failover must not lose them. */
    @SuppressWarnings("rawtypes")
    private static final Set<RedisScript<List>> ACKNOWLEDGED = Set.of(LeaseScripts.REGISTER, LeaseScripts.RENEW,
            LeaseScripts.RELEASE);

    /** The replies of those scripts that changed a lease (the others change nothing a holder relies on). */
    private static final Set<String> CHANGES = Set.of("GRANTED", "RENEWED", "RELEASED");

    private final StringRedisTemplate redis;

    private final String namespace;

    private final Clock clock = Clock.systemUTC();

    private int minReplicasAcked;

    private Duration ackTimeout = Duration.ZERO;

    private final AtomicLong topologyRefreshedAt = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(2));

    /** The end of a recovery period this store saw begin and has not yet seen end. */
    private volatile @Nullable Instant recoveringUntil;

    private final LeaseRules rules;

    private final List<String> keys;

    private final String[] ruleArgs;

    private final boolean allowMismatchedReplicas;

    /** Whether the last call was refused for conflicting settings; then a lost pool is not re-created here. */
    private volatile boolean conflicted;

    public RedisLeaseStore(StringRedisTemplate redis, String namespace, LeaseRules rules) {
        this(redis, namespace, rules, false);
    }

    /**
     * A store that records its rules in the pool's {@code meta} and serves only while no other
     * replica of the pool uses conflicting ones (a different max clock skew, or a ttl longer
     * than a recovery period), unless {@code allowMismatchedReplicas}.
     */
    public RedisLeaseStore(StringRedisTemplate redis, String namespace, LeaseRules rules,
            boolean allowMismatchedReplicas) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.namespace = namespace;
        this.keys = PoolKeys.of(namespace);
        this.ruleArgs = new String[] { Long.toString(rules.leaseTtl().toMillis()),
                Long.toString(rules.maxClockSkew().toMillis()), Long.toString(rules.recoveryPeriod().toMillis()),
                Integer.toString(rules.poolSize()) };
        this.allowMismatchedReplicas = allowMismatchedReplicas;
    }

    /**
     * Confirms every register, renew and release with Redis {@code WAIT}: unless at least
     * {@code replicas} replicas acknowledged the change within {@code timeout}, the operation
     * fails with a {@link WriteNotAcknowledgedException} (503), so that a master cut off from
     * its replicas, or one whose writes a failover would lose, cannot grant or extend a lease.
     * 0 (the default) does not wait. Call once, before the store is used.
     * @return this store
     */
    public RedisLeaseStore requireAcknowledgement(int replicas, Duration timeout) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, not " + replicas);
        }
        if (replicas > 0 && timeout.toMillis() <= 0) {
            throw new IllegalArgumentException("timeout must be at least 1ms, not " + timeout);
        }
        this.minReplicasAcked = replicas;
        this.ackTimeout = timeout;
        return this;
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
                    longAt(reply, 3), longAt(reply, 4));
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
                    instantAt(reply, 1), longAt(reply, 2), longAt(reply, 4)), longAt(reply, 3) == 1);
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
        List<WorkerState> lapsed = new ArrayList<>();
        for (int i = 3; i + 6 < reply.size(); i += 7) {
            if ("lapsed".equals(stringAt(reply, i + 6))) {
                lapsed.add(WorkerState.lapsed(intAt(reply, i), stringAt(reply, i + 4), stringAt(reply, i + 5),
                        instantAt(reply, i + 3), instantAt(reply, i + 1), longAt(reply, i + 2)));
            }
            else {
                leases.add(WorkerState.leased(intAt(reply, i), stringAt(reply, i + 4), stringAt(reply, i + 5),
                        instantAt(reply, i + 3), instantAt(reply, i + 1), longAt(reply, i + 2)));
            }
        }
        leases.sort(Comparator.comparingInt(WorkerState::workerId));
        lapsed.sort(Comparator.comparingInt(WorkerState::workerId));
        return new PoolStatus(size, leases, (now < recoveryUntil) ? Instant.ofEpochMilli(recoveryUntil) : null, lapsed);
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
        String[] all = new String[this.ruleArgs.length + 1 + args.length];
        System.arraycopy(this.ruleArgs, 0, all, 0, this.ruleArgs.length);
        all[this.ruleArgs.length] = this.allowMismatchedReplicas ? "1" : (this.conflicted ? "C" : "0");
        System.arraycopy(args, 0, all, this.ruleArgs.length + 1, args.length);
        if (this.minReplicasAcked > 0 && ACKNOWLEDGED.contains(script)) {
            return refusedOnConflict(runAcknowledged(script, all));
        }
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
        return refusedOnConflict(observed(reply));
    }

    /**
     * The script's reply, unless it refused this replica for settings that conflict with
     * another replica's of the pool; remembers which, so that a refused replica does not
     * re-create a lost pool.
     */
    private List<?> refusedOnConflict(List<?> reply) {
        this.conflicted = "MISMATCH".equals(String.valueOf(reply.get(0)));
        if (this.conflicted) {
            throw new ReplicaSettingsConflictException(String.valueOf(reply.get(1)));
        }
        return reply;
    }

    /**
     * Runs a script and, if it changed a lease, {@code WAIT}s for the replicas on the same
     * connection: {@code WAIT} counts only the writes of the connection it is sent on.
     */
    @SuppressWarnings("rawtypes")
    private List<?> runAcknowledged(RedisScript<List> script, String[] args) {
        Acknowledged result;
        try {
            result = this.redis.execute((RedisCallback<Acknowledged>) (connection) -> runOnOneConnection(connection,
                    script, args));
        }
        catch (DataAccessException | RedisException ex) {
            refreshClusterTopology();
            throw new StoreUnavailableException("Redis did not answer: " + ex.getMessage(), ex);
        }
        if (result == null || result.reply().isEmpty()) {
            throw new StoreUnavailableException("Redis returned no reply", new IllegalStateException("empty reply"));
        }
        List<?> reply = observed(result.reply());
        if (result.replicas() >= 0 && result.replicas() < this.minReplicasAcked) {
            throw new WriteNotAcknowledgedException("Redis confirmed the " + status(reply) + " write on "
                    + result.replicas() + " of the " + this.minReplicasAcked + " replicas required within "
                    + this.ackTimeout.toMillis() + "ms");
        }
        return reply;
    }

    @SuppressWarnings({ "rawtypes", "unchecked" })
    private Acknowledged runOnOneConnection(RedisConnection connection, RedisScript<List> script, String[] args) {
        Object client = connection.getNativeConnection();
        RedisClusterAsyncCommands<byte[], byte[]> commands;
        Duration timeout;
        if (client instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
            // the node that owns the pool's slot, directly: WAIT has no key to be routed by
            StatefulRedisClusterConnection<byte[], byte[]> stateful = (StatefulRedisClusterConnection<byte[], byte[]>) cluster
                .getStatefulConnection();
            RedisClusterNode node = stateful.getPartitions()
                .getPartitionBySlot(SlotHash.getSlot(this.keys.get(0).getBytes(StandardCharsets.UTF_8)));
            if (node == null) {
                throw new StoreUnavailableException("No Redis Cluster node serves the pool's slot",
                        new IllegalStateException("slot not covered"));
            }
            commands = stateful.getConnection(node.getUri().getHost(), node.getUri().getPort(), ConnectionIntent.WRITE)
                .async();
            timeout = stateful.getTimeout();
        }
        else if (client instanceof RedisAsyncCommands<?, ?> standalone) {
            commands = (RedisAsyncCommands<byte[], byte[]>) standalone;
            timeout = standalone.getStatefulConnection().getTimeout();
        }
        else {
            throw new IllegalStateException("Acknowledged writes need a Lettuce connection, not " + client);
        }
        byte[][] keys = this.keys.stream().map((key) -> key.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        byte[][] values = Arrays.stream(args)
            .map((arg) -> arg.getBytes(StandardCharsets.UTF_8))
            .toArray(byte[][]::new);
        List<Object> raw;
        try {
            raw = await(commands.evalsha(script.getSha1(), ScriptOutputType.MULTI, keys, values), timeout);
        }
        catch (RedisNoScriptException ex) {
            raw = await(commands.eval(script.getScriptAsString().getBytes(StandardCharsets.UTF_8),
                    ScriptOutputType.MULTI, keys, values), timeout);
        }
        List<?> reply = strings(raw);
        List<?> own = "STORE_EVENT".equals(status(reply)) ? (List<?>) reply.get(reply.size() - 1) : reply;
        if (!CHANGES.contains(status(own))) {
            return new Acknowledged(reply, -1);
        }
        Long replicas = await(commands.waitForReplication(this.minReplicasAcked, this.ackTimeout.toMillis()),
                timeout.plus(this.ackTimeout));
        return new Acknowledged(reply, (replicas != null) ? replicas : 0);
    }

    private static <T> T await(RedisFuture<T> future, Duration timeout) {
        return LettuceFutures.awaitOrCancel(future, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A reply with every byte[] turned into a String, as the template's string serializer does. */
    private static List<?> strings(List<?> raw) {
        List<Object> converted = new ArrayList<>(raw.size());
        for (Object item : raw) {
            if (item instanceof byte[] bytes) {
                converted.add(new String(bytes, StandardCharsets.UTF_8));
            }
            else if (item instanceof List<?> list) {
                converted.add(strings(list));
            }
            else {
                converted.add(item);
            }
        }
        return converted;
    }

    /**
     * After a slot moved or its master failed over, the next acknowledged write must go to the
     * node that serves the slot now: re-read the topology, at most once a second.
     */
    private void refreshClusterTopology() {
        long now = System.nanoTime();
        long last = this.topologyRefreshedAt.get();
        if (now - last < TimeUnit.SECONDS.toNanos(1) || !this.topologyRefreshedAt.compareAndSet(last, now)) {
            return;
        }
        if (this.redis.getConnectionFactory() instanceof LettuceConnectionFactory factory
                && factory.getNativeClient() instanceof RedisClusterClient cluster) {
            try {
                cluster.refreshPartitions();
            }
            catch (RedisException ex) {
                // the next failure tries again
            }
        }
    }

    private record Acknowledged(List<?> reply, long replicas) {
    }

    /**
     * Logs a store loss or a new Redis run that the script just handled, and the end of the
     * recovery period that followed (at the first operation after it), then returns the
     * script's own reply.
     */
    private List<?> observed(List<?> reply) {
        if ("STORE_EVENT".equals(status(reply)) && reply.size() == 5) {
            Instant until = instantAt(reply, 3);
            String previousRun = String.valueOf(reply.get(1));
            if (previousRun.isEmpty()) {
                logger.warn("Lease pool '" + this.namespace + "' was missing in Redis (first start, or Redis lost "
                        + "its data): re-created it; registrations are refused until " + until + " (recovery period "
                        + this.rules.recoveryPeriod() + ") so that live holders re-claim their worker IDs first");
            }
            else {
                logger.warn("Redis run changed (run_id " + previousRun + " -> " + reply.get(2) + "): a restart or a "
                        + "failover, which may have lost the latest writes; lease pool '" + this.namespace
                        + "' kept its leases, raised every watermark and refuses registrations until " + until
                        + " (recovery period " + this.rules.recoveryPeriod() + ")");
            }
            this.recoveringUntil = until;
            return (List<?>) reply.get(4);
        }
        Instant until = this.recoveringUntil;
        if (until != null && !this.clock.instant().isBefore(until)) {
            this.recoveringUntil = null;
            logger.info("Lease pool '" + this.namespace + "' ended its recovery period at " + until
                    + ": registrations are open again");
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
