package dev.snowcloud.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A delegator in memory on a {@link ManualClock}: grants leases like the real one, or
 * answers what the test scripted for the next call. Each call can take time on the clock,
 * as a round trip does.
 */
final class FakeDelegator implements Delegator {

    private final ManualClock clock;

    private final Deque<Supplier<LeaseGrant>> registerScript = new ArrayDeque<>();

    private final Deque<Supplier<LeaseGrant>> renewScript = new ArrayDeque<>();

    private final Map<Integer, String> holders = new HashMap<>();

    private final List<Call> calls = new ArrayList<>();

    private long ttlMillis = 60_000;

    private int nextWorkerId = 7;

    private long notBefore = 1;

    private @Nullable Long maxTimestampAfterExpiry = 2_000L;

    private Duration latency = Duration.ZERO;

    private Duration delegatorBehind = Duration.ZERO;

    private int tokens;

    FakeDelegator(ManualClock clock) {
        this.clock = clock;
    }

    FakeDelegator ttlMillis(long ttlMillis) {
        this.ttlMillis = ttlMillis;
        return this;
    }

    FakeDelegator nextWorkerId(int workerId) {
        this.nextWorkerId = workerId;
        return this;
    }

    FakeDelegator notBefore(long notBefore) {
        this.notBefore = notBefore;
        return this;
    }

    /** What {@code maxTimestamp} lies above the expiry (the max clock skew); null for an old delegator. */
    FakeDelegator maxTimestampAfterExpiry(@Nullable Long millis) {
        this.maxTimestampAfterExpiry = millis;
        return this;
    }

    /** How long each call takes on the clock, half on the way there and half back. */
    FakeDelegator latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** How far the delegator's clock stands behind the generator's wall clock. */
    FakeDelegator delegatorBehind(Duration behind) {
        this.delegatorBehind = behind;
        return this;
    }

    /** The next registration answers what {@code answer} gives or throws. */
    FakeDelegator onRegister(Supplier<LeaseGrant> answer) {
        this.registerScript.add(answer);
        return this;
    }

    /** The next renewal answers what {@code answer} gives or throws. */
    FakeDelegator onRenew(Supplier<LeaseGrant> answer) {
        this.renewScript.add(answer);
        return this;
    }

    /** Takes the lease on {@code workerId} away, as if it expired and another generator took it. */
    void giveToSomeoneElse(int workerId) {
        this.holders.put(workerId, "someone-else");
    }

    List<Call> calls() {
        return List.copyOf(this.calls);
    }

    List<Call> calls(String operation) {
        return this.calls.stream().filter((call) -> call.operation().equals(operation)).toList();
    }

    @Override
    public LeaseGrant register(String name, String host) {
        this.calls.add(new Call("register", -1, null, -1, this.clock.nanoTime()));
        return answer(this.registerScript, () -> {
            int workerId = this.nextWorkerId++;
            String token = "token-" + (++this.tokens);
            this.holders.put(workerId, token);
            return grant(workerId, token);
        });
    }

    @Override
    public LeaseGrant renew(int workerId, String leaseToken, long lastTimestamp) {
        this.calls.add(new Call("renew", workerId, leaseToken, lastTimestamp, this.clock.nanoTime()));
        return answer(this.renewScript, () -> {
            if (!leaseToken.equals(this.holders.get(workerId))) {
                throw new LeaseConflictException("Worker " + workerId + " is not held by this token", 409);
            }
            return grant(workerId, leaseToken);
        });
    }

    @Override
    public void release(int workerId, String leaseToken, long lastTimestamp) {
        this.calls.add(new Call("release", workerId, leaseToken, lastTimestamp, this.clock.nanoTime()));
        this.holders.remove(workerId, leaseToken);
    }

    private LeaseGrant answer(Deque<Supplier<LeaseGrant>> script, Supplier<LeaseGrant> otherwise) {
        long half = this.latency.toNanos() / 2;
        this.clock.advanceNanos(half);
        Supplier<LeaseGrant> scripted = script.poll();
        try {
            return (scripted != null) ? scripted.get() : otherwise.get();
        }
        finally {
            this.clock.advanceNanos(this.latency.toNanos() - half);
        }
    }

    /** A lease on {@code workerId} as the delegator grants it now, by its own clock. */
    LeaseGrant grant(int workerId, String token) {
        long expiresAt = this.clock.currentTimeMillis() - this.delegatorBehind.toMillis() + this.ttlMillis;
        return new LeaseGrant(workerId, token, this.ttlMillis, Instant.ofEpochMilli(expiresAt), this.notBefore,
                (this.maxTimestampAfterExpiry != null) ? expiresAt + this.maxTimestampAfterExpiry : null);
    }

    @Override
    public String toString() {
        return "the fake delegator";
    }

    record Call(String operation, int workerId, @Nullable String token, long lastTimestamp, long atNanos) {
    }

}
