package dev.snowcloud.id;

import java.time.Instant;
import java.util.Objects;

/**
 * The bit layout of a snowflake ID: 42 bits of milliseconds since a configurable
 * epoch, 10 bits of worker ID and 12 bits of sequence.
 * <pre>
 *  63                                      22 21        12 11          0
 * +------------------------------------------+------------+-------------+
 * | milliseconds since epoch (42 bits)       | worker (10)| sequence(12)|
 * +------------------------------------------+------------+-------------+
 * </pre>
 * The top bit of the timestamp is never set, so IDs stay positive {@code long}s:
 * timestamps must lie in {@code [epoch, epoch + 2^41 ms)}.
 */
public final class SnowflakeLayout {

    /** 2020-01-01T00:00:00Z, the default epoch. */
    public static final Instant DEFAULT_EPOCH = Instant.parse("2020-01-01T00:00:00Z");

    public static final int SEQUENCE_BITS = 12;
    public static final int WORKER_BITS = 10;
    public static final int TIMESTAMP_SHIFT = SEQUENCE_BITS + WORKER_BITS;
    public static final int MAX_SEQUENCE = (1 << SEQUENCE_BITS) - 1;
    public static final int MAX_WORKER_ID = (1 << WORKER_BITS) - 1;
    /** The largest timestamp, in milliseconds after the epoch, that keeps an ID positive. */
    public static final long MAX_TIMESTAMP = (1L << 41) - 1;

    private static final SnowflakeLayout DEFAULT = new SnowflakeLayout(DEFAULT_EPOCH);

    private final Instant epoch;
    private final long epochMillis;

    public SnowflakeLayout(Instant epoch) {
        Objects.requireNonNull(epoch, "epoch");
        if (epoch.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("Epoch " + epoch + " lies before 1970-01-01T00:00:00Z");
        }
        this.epoch = epoch;
        this.epochMillis = epoch.toEpochMilli();
        if (epochMillis > Long.MAX_VALUE - MAX_TIMESTAMP) {
            throw new IllegalArgumentException("Epoch " + epoch + " is too far in the future");
        }
    }

    /**
     * The layout with the default epoch, 2020-01-01T00:00:00Z.
     */
    public static SnowflakeLayout defaultLayout() {
        return DEFAULT;
    }

    public Instant epoch() {
        return epoch;
    }

    public long epochMillis() {
        return epochMillis;
    }

    /**
     * The last Unix millisecond this layout can encode.
     */
    public long maxUnixMillis() {
        return epochMillis + MAX_TIMESTAMP;
    }

    /**
     * Encodes an ID.
     * @throws TimestampOutOfRangeException if the timestamp lies before the epoch or past its range
     * @throws IllegalArgumentException if the worker ID or sequence is out of range
     */
    public long encode(long unixMillis, int workerId, int sequence) {
        checkWorkerId(workerId);
        if (sequence < 0 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("Sequence " + sequence + " is outside 0.." + MAX_SEQUENCE);
        }
        return pack(toRelative(unixMillis), workerId, sequence);
    }

    /**
     * Decodes an ID into its timestamp, worker ID and sequence.
     * @throws IllegalArgumentException for a negative value, which no layout produces
     */
    public SnowflakeId decode(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("A snowflake ID is never negative: " + id);
        }
        return new SnowflakeId(id, epochMillis + timestampOf(id), workerIdOf(id), sequenceOf(id));
    }

    /**
     * Milliseconds after the epoch for a Unix timestamp, refusing one out of range.
     */
    long toRelative(long unixMillis) {
        long relative = unixMillis - epochMillis;
        if (relative < 0 || relative > MAX_TIMESTAMP) {
            throw outOfRange(unixMillis);
        }
        return relative;
    }

    TimestampOutOfRangeException outOfRange(long unixMillis) {
        if (unixMillis < epochMillis) {
            return new TimestampOutOfRangeException("Timestamp " + Instant.ofEpochMilli(unixMillis)
                    + " lies before the epoch " + epoch);
        }
        return new TimestampOutOfRangeException("Timestamp " + Instant.ofEpochMilli(unixMillis)
                + " lies past " + Instant.ofEpochMilli(maxUnixMillis())
                + ", the last instant this layout encodes with epoch " + epoch);
    }

    static void checkWorkerId(int workerId) {
        if (workerId < 0 || workerId > MAX_WORKER_ID) {
            throw new IllegalArgumentException("Worker ID " + workerId + " is outside 0.." + MAX_WORKER_ID);
        }
    }

    static long pack(long relativeMillis, int workerId, int sequence) {
        return (relativeMillis << TIMESTAMP_SHIFT) | ((long) workerId << SEQUENCE_BITS) | sequence;
    }

    static long timestampOf(long id) {
        return id >>> TIMESTAMP_SHIFT;
    }

    static int workerIdOf(long id) {
        return (int) (id >>> SEQUENCE_BITS) & MAX_WORKER_ID;
    }

    static int sequenceOf(long id) {
        return (int) id & MAX_SEQUENCE;
    }

    @Override
    public String toString() {
        return "SnowflakeLayout[epoch=" + epoch + "]";
    }

}
