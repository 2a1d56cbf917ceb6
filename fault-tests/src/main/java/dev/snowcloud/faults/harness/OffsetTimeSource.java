package dev.snowcloud.faults.harness;

import dev.snowcloud.faults.record.HiddenNanos;
import dev.snowcloud.id.TimeSource;

/**
 * The system clocks, with a wall clock shifted by an offset the test sets at run time: a
 * wall clock stepped backwards or forwards in this process only. The monotonic clock is the
 * system's, as a real clock step leaves it alone too, less the nanoseconds the test hid from
 * it: a suspended host's monotonic clock does not count the suspension, its wall clock does.
 */
public final class OffsetTimeSource implements TimeSource {

    private final HiddenNanos hidden;

    private volatile long offsetMillis;

    public OffsetTimeSource(HiddenNanos hidden) {
        this.hidden = hidden;
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis() + this.offsetMillis;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() - this.hidden.get();
    }

    public long offsetMillis() {
        return this.offsetMillis;
    }

    public void offsetMillis(long offsetMillis) {
        this.offsetMillis = offsetMillis;
    }

}
