package dev.snowcloud.faults.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.snowcloud.faults.record.EventTypes;
import dev.snowcloud.faults.record.RunFiles;
import dev.snowcloud.id.SnowflakeGenerator;
import dev.snowcloud.id.WorkerLease;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

/**
 * The harness's own background duties: applies the clock offset the test writes to
 * {@code clock-offset}, rewrites {@code status.json} (with each slot's worker ID and whether
 * its lease is valid, for a generator with several worker IDs), and ends this process when
 * the test that started it is gone.
 */
final class HarnessMonitor implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(HarnessMonitor.class);

    private static final JsonMapper json = JsonMapper.builder().build();

    private final SnowflakeGenerator generator;

    private final HarnessProperties properties;

    private final OffsetTimeSource clock;

    private final IssuingState state;

    private final EventLog events;

    private @Nullable ScheduledExecutorService executor;

    private volatile boolean running;

    HarnessMonitor(SnowflakeGenerator generator, HarnessProperties properties, OffsetTimeSource clock,
            IssuingState state, EventLog events) {
        this.generator = generator;
        this.properties = properties;
        this.clock = clock;
        this.state = state;
        this.events = events;
    }

    @Override
    public void start() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, "harness-monitor");
            thread.setDaemon(true);
            return thread;
        });
        this.executor = scheduler;
        this.running = true;
        scheduler.scheduleWithFixedDelay(guarded(this::applyClockOffset), 0, 50, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guarded(() -> writeStatus(false)), 0,
                this.properties.statusInterval().toMillis(), TimeUnit.MILLISECONDS);
        Long parentPid = this.properties.parentPid();
        if (parentPid != null) {
            scheduler.scheduleWithFixedDelay(guarded(() -> exitWithoutParent(parentPid)), 1, 1, TimeUnit.SECONDS);
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            }
            catch (RuntimeException ex) {
                logger.warn("Harness monitor task failed: " + ex);
            }
        };
    }

    private void applyClockOffset() {
        Path file = this.properties.dir().resolve(RunFiles.CLOCK_OFFSET);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            long offset = text.isEmpty() ? 0 : Long.parseLong(text);
            if (offset != this.clock.offsetMillis()) {
                this.clock.offsetMillis(offset);
                this.events.record(EventTypes.CLOCK_OFFSET, "offsetMillis", offset);
                logger.info("Wall clock offset now " + offset + " ms");
            }
        }
        catch (NoSuchFileException ex) {
            // No offset asked for.
        }
        catch (IOException | NumberFormatException ex) {
            logger.warn("Unreadable " + file + ": " + ex);
        }
    }

    private void writeStatus(boolean stopped) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("at", System.currentTimeMillis());
        status.put("pid", ProcessHandle.current().pid());
        status.put("mode", this.state.mode().name());
        status.put("issued", this.state.issued());
        status.put("refusedLease", this.state.refusedLease());
        status.put("refusedClock", this.state.refusedClock());
        status.put("errors", this.state.errors());
        status.put("lastIssuedAt", this.state.lastIssuedAt());
        status.put("lastWorkerId", this.state.lastWorkerId());
        List<Map<String, Object>> slots = new ArrayList<>();
        int validWorkerId = -1;
        for (int slot = 0; slot < this.generator.workers(); slot++) {
            int workerId = this.generator.lease(slot).map(WorkerLease::workerId).orElse(-1);
            boolean valid = this.generator.hasValidLease(slot);
            if (valid && validWorkerId < 0) {
                validWorkerId = workerId;
            }
            Map<String, Object> held = new LinkedHashMap<>();
            held.put("slot", slot);
            held.put("workerId", workerId);
            held.put("valid", valid);
            held.put("issued", this.generator.generatedCount(slot));
            slots.add(held);
        }
        // The first slot with a valid lease, else slot 0's, so one worker ID reads as before.
        status.put("leaseWorkerId", (validWorkerId >= 0) ? validWorkerId : slots.get(0).get("workerId"));
        status.put("leaseValid", validWorkerId >= 0);
        status.put("slots", slots);
        status.put("clockOffsetMillis", this.clock.offsetMillis());
        status.put("stopped", stopped);
        Path target = this.properties.dir().resolve(RunFiles.STATUS);
        Path temporary = this.properties.dir().resolve(RunFiles.STATUS + ".tmp");
        try {
            Files.writeString(temporary, json.writeValueAsString(status), StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            logger.warn("Could not write " + target + ": " + ex);
        }
    }

    private void exitWithoutParent(long parentPid) {
        if (ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
            return;
        }
        logger.warn("The test process " + parentPid + " is gone; exiting");
        // exit, not halt: the shutdown hook still releases the lease and flushes the files.
        new Thread(() -> System.exit(3), "harness-orphan-exit").start();
    }

    @Override
    public void stop() {
        this.running = false;
        ScheduledExecutorService scheduler = this.executor;
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        writeStatus(true);
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    /** Starts before and stops after the issuing threads, so the last status counts every ID. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }

}
