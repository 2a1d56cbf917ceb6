package dev.snowcloud.faults.harness;

import dev.snowcloud.id.TimeSource;

/**
 * The system clocks, with a wall clock shifted by an offset the test sets at run time: a
 * wall clock stepped backwards or forwards in this process only. The monotonic clock is the
 * system's, as a real clock step leaves it alone too.
 */
public final class OffsetTimeSource implements TimeSource {

    private volatile long offsetMillis;

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis() + this.offsetMillis;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    public long offsetMillis() {
        return this.offsetMillis;
    }

    public void offsetMillis(long offsetMillis) {
        this.offsetMillis = offsetMillis;
    }

}
