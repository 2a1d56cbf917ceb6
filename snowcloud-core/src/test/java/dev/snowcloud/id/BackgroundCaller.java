package dev.snowcloud.id;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs a call that is expected to wait on another thread, so a test can see it
 * waiting, move the manual clock, and then collect its result.
 */
final class BackgroundCaller implements AutoCloseable {

    /** Generous: the machine may be slow and loaded; a correct generator never needs this long. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "background-caller");
        thread.setDaemon(true);
        return thread;
    });

    <T> Future<T> call(Callable<T> call) {
        return executor.submit(call);
    }

    /**
     * Waits until {@code reads} has moved by at least {@code count} since
     * {@code before}: the caller has looped, so it has decided to wait.
     */
    static void awaitReads(LongSupplier reads, long before, long count) {
        await().atMost(PATIENCE).until(() -> reads.getAsLong() - before >= count);
    }

    static <T> T result(Future<T> future) throws Exception {
        return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

}
