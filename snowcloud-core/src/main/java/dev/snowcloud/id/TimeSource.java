package dev.snowcloud.id;

/**
 * The two clocks the generator reads: the wall clock for timestamps and a
 * monotonic clock for lease deadlines. Injected so tests can move them.
 */
public interface TimeSource {

    /**
     * Wall-clock time in Unix epoch milliseconds; may jump in either direction.
     */
    long currentTimeMillis();

    /**
     * Monotonic nanoseconds with an arbitrary origin, as {@link System#nanoTime()}.
     */
    long nanoTime();

    /**
     * The system clocks.
     */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }

}
