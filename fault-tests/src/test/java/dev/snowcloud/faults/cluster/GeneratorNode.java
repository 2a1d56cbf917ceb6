package dev.snowcloud.faults.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import dev.snowcloud.faults.audit.GeneratorHistory;
import dev.snowcloud.faults.record.HiddenNanos;
import dev.snowcloud.faults.record.RunFiles;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A harness generator process ({@code dev.snowcloud.faults.harness.FaultHarnessApplication})
 * and its run directory.
 */
public final class GeneratorNode {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final ChildProcess process;

    private final Path dir;

    private final String source;

    GeneratorNode(ChildProcess process, Path dir, String source) {
        this.process = process;
        this.dir = dir;
        this.source = source;
    }

    public String name() {
        return this.process.name();
    }

    public Path dir() {
        return this.dir;
    }

    /** Where its worker ID comes from: a delegator's name, or "fixed worker N". */
    public String source() {
        return this.source;
    }

    public long pid() {
        return this.process.pid();
    }

    public boolean isAlive() {
        return this.process.isAlive();
    }

    /** Its latest status snapshot, or null before it wrote one. */
    public @Nullable Status status() {
        try {
            return json.readValue(Files.readString(this.dir.resolve(RunFiles.STATUS), StandardCharsets.UTF_8),
                    Status.class);
        }
        catch (NoSuchFileException ex) {
            return null;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public GeneratorHistory history() {
        return GeneratorHistory.read(name(), this.dir);
    }

    /** Shifts this process's wall clock by {@code millis} from true time (negative: behind). */
    public void clockOffset(long millis) {
        Path target = this.dir.resolve(RunFiles.CLOCK_OFFSET);
        Path temporary = this.dir.resolve(RunFiles.CLOCK_OFFSET + ".tmp");
        try {
            Files.writeString(temporary, Long.toString(millis), StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Hides {@code pause} from this process's monotonic clock, as a suspended host's
     * {@code CLOCK_MONOTONIC} does not count the suspension; its wall clock is untouched. Only
     * while it is stopped ({@link #pause()}), for no more than it has been stopped, so that its
     * monotonic clock never runs backwards.
     */
    public void hideFromMonotonicClock(Duration pause) {
        HiddenNanos.map(this.dir).add(pause.toNanos());
    }

    /** SIGSTOP. */
    public void pause() {
        this.process.pause();
    }

    /** SIGCONT. */
    public void resume() {
        this.process.resume();
    }

    /**
     * SIGTERM: it stops issuing, flushes its files and releases its lease.
     * @return whether it exited within the grace time (else it was killed)
     */
    public boolean stop() {
        return this.process.terminate(Duration.ofSeconds(30));
    }

    void askToStop() {
        this.process.askToTerminate();
    }

    boolean awaitStop() {
        return this.process.awaitTermination(Duration.ofSeconds(30));
    }

    public String logTail(int lines) {
        return this.process.logTail(lines);
    }

    @Override
    public String toString() {
        return this.process + " via " + this.source;
    }

    /**
     * What {@code status.json} holds; see {@code HarnessMonitor}.
     */
    public record Status(long at, long pid, String mode, long issued, long refusedLease, long refusedClock, long errors,
            long lastIssuedAt, int lastWorkerId, int leaseWorkerId, boolean leaseValid, List<Slot> slots,
            long clockOffsetMillis, boolean stopped) {

        /** The worker IDs of the slots that hold a valid lease now. */
        public List<Integer> validWorkerIds() {
            return this.slots.stream().filter(Slot::valid).map(Slot::workerId).toList();
        }

        /** Issuing now: the last call returned an ID, recently. */
        public boolean isIssuingSince(long since) {
            return "ISSUING".equals(this.mode) && this.lastIssuedAt >= since
                    && System.currentTimeMillis() - this.lastIssuedAt < 2_000;
        }

    }

    /**
     * One slot of the generator (one worker ID of several): its worker ID ({@code -1} between
     * leases), whether its lease is valid, and the IDs it issued.
     */
    public record Slot(int slot, int workerId, boolean valid, long issued) {
    }

}
