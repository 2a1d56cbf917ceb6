package dev.snowcloud.starter.test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.snowcloud.id.TimeSource;

/**
 * The system clocks plus an offset a test can move forward, both clocks at once,
 * as if time passed faster.
 */
public final class MutableTimeSource implements TimeSource {

    private final AtomicLong offsetNanos = new AtomicLong();

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis() + offsetNanos.get() / 1_000_000;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() + offsetNanos.get();
    }

    public void advance(Duration duration) {
        this.offsetNanos.addAndGet(duration.toNanos());
    }

}
