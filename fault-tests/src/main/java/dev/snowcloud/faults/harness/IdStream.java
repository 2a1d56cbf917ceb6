package dev.snowcloud.faults.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.snowcloud.faults.record.EventTypes;
import dev.snowcloud.faults.record.IdFileWriter;
import dev.snowcloud.faults.record.RunFiles;
import dev.snowcloud.id.SnowflakeException;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.WorkerLease;

import org.springframework.context.SmartLifecycle;

/**
 * Issues IDs on several threads at a steady total rate and writes every one to its
 * thread's file; thread 0 takes its share in batches, and with {@code harness.burst-size} also
 * a large batch every {@code harness.burst-interval}, which a generator with several worker IDs
 * spreads over them. Refusals ({@code LeaseUnavailableException}, {@code ClockMovedBackwardsException})
 * are counted and the thread tries again a few milliseconds later, as a service would.
 * <p>
 * It stops in the highest phase, before the lease lifecycle releases the worker ID, and
 * flushes its files on the way out, so a process stopped with SIGTERM leaves every ID it
 * issued on disk.
 */
final class IdStream implements SmartLifecycle {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final long REFUSED_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final SnowflakeGenerator generator;

    private final HarnessProperties properties;

    private final IssuingState state;

    private final EventLog events;

    private final List<Thread> threads = new ArrayList<>();

    private volatile boolean running;

    IdStream(SnowflakeGenerator generator, HarnessProperties properties, IssuingState state, EventLog events) {
        this.generator = generator;
        this.properties = properties;
        this.state = state;
        this.events = events;
    }

    @Override
    public void start() {
        try {
            Files.createDirectories(this.properties.dir());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        for (int slot = 0; slot < this.generator.workers(); slot++) {
            int lease = slot + 1;
            this.generator.lease(slot).filter((held) -> !held.expires()).map(WorkerLease::workerId).ifPresent(
                    (workerId) -> this.events.record(EventTypes.GRANT, "workerId", workerId, "notBefore", 0L, "via",
                            "fixed", "lease", lease, "maxTimestamp", Long.MAX_VALUE));
        }
        this.events.record(EventTypes.STARTED, "pid", ProcessHandle.current().pid(), "rate", this.properties.rate(),
                "threads", this.properties.threads());
        this.running = true;
        for (int i = 0; i < this.properties.threads(); i++) {
            int index = i;
            Thread thread = new Thread(() -> issue(index), "issuer-" + i);
            this.threads.add(thread);
            thread.start();
        }
    }

    private void issue(int index) {
        boolean batches = index == 0;
        double perNano = (double) this.properties.rate() / this.properties.threads() / 1e9;
        long maxBacklog = Math.max(1, (long) (perNano * 1e8));
        long[] batch = new long[this.properties.batchSize()];
        long[] burst = (batches && this.properties.burstSize() > 0) ? new long[this.properties.burstSize()] : null;
        long burstNanos = this.properties.burstInterval().toNanos();
        try (IdFileWriter out = new IdFileWriter(RunFiles.idFile(this.properties.dir(), index))) {
            long started = System.nanoTime();
            long lastFlush = started;
            long lastBurst = started;
            long done = 0;
            while (this.running) {
                long now = System.nanoTime();
                long due = (long) ((now - started) * perNano);
                // After a pause (SIGSTOP, a refusal) carry on at the rate rather than burst to catch up.
                done = Math.max(done, due - maxBacklog);
                while (done < due && this.running) {
                    try {
                        if (batches) {
                            int count = (int) Math.min(due - done, batch.length);
                            done += issueBatch(batch, count, out);
                        }
                        else {
                            long id = this.generator.nextId();
                            out.write(id);
                            done++;
                            this.state.issued(id, 1);
                        }
                    }
                    catch (SnowflakeException ex) {
                        this.state.refused(ex);
                        done = due;
                        LockSupport.parkNanos(REFUSED_PAUSE_NANOS);
                    }
                    catch (RuntimeException ex) {
                        this.state.failed(ex);
                        done = due;
                        LockSupport.parkNanos(REFUSED_PAUSE_NANOS);
                    }
                }
                if (burst != null && now - lastBurst >= burstNanos && this.running) {
                    lastBurst = now;
                    try {
                        issueBatch(burst, burst.length, out);
                    }
                    catch (SnowflakeException ex) {
                        this.state.refused(ex);
                    }
                    catch (RuntimeException ex) {
                        this.state.failed(ex);
                    }
                }
                if (now - lastFlush >= FLUSH_NANOS) {
                    out.flush();
                    lastFlush = now;
                }
                LockSupport.parkNanos(TICK_NANOS);
            }
        }
        catch (IOException ex) {
            this.state.failed(new UncheckedIOException(ex));
        }
    }

    /**
     * Takes {@code count} IDs in one batch call into {@code batch} and writes them out; a batch
     * refused part-way still issued its first IDs, which are written before the refusal is
     * thrown on.
     * @return how many were issued
     */
    private int issueBatch(long[] batch, int count, IdFileWriter out) throws IOException {
        Arrays.fill(batch, 0, count, -1L);
        int written = 0;
        try {
            this.generator.nextIds(batch, 0, count);
        }
        finally {
            while (written < count && batch[written] >= 0) {
                out.write(batch[written]);
                written++;
            }
            if (written > 0) {
                this.state.issued(batch[written - 1], written);
            }
        }
        return written;
    }

    @Override
    public void stop() {
        this.running = false;
        for (Thread thread : this.threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        this.threads.clear();
        this.events.record(EventTypes.STOPPED, "issued", this.state.issued());
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE;
    }

}
