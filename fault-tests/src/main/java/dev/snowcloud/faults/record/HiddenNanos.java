package dev.snowcloud.faults.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file {@code hidden-nanos} of a generator's run directory, memory-mapped: one long, the
 * nanoseconds the generator's monotonic clock is to hide, as a suspended host's
 * {@code CLOCK_MONOTONIC} does not count the time it was suspended.
 * <p>
 * The generator maps it and reads it on every {@code nanoTime()}; the test maps the same file
 * (a shared mapping, so the write is seen at once) and raises it while the generator is stopped
 * with {@code SIGSTOP}, by the time it was stopped. The generator never sees its monotonic clock
 * go back: when it runs again, the stopped interval simply never happened to it.
 */
public final class HiddenNanos {

    /** Volatile access, so no loop keeps a value read before the process was stopped. */
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final MappedByteBuffer buffer;

    private HiddenNanos(MappedByteBuffer buffer) {
        this.buffer = buffer;
    }

    /** Maps {@code dir/hidden-nanos}, creating it (holding 0) if it does not exist. */
    public static HiddenNanos map(Path dir) {
        Path file = dir.resolve(RunFiles.HIDDEN_NANOS);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            // The mapping outlives the channel; mapping past the end grows the file to 8 bytes.
            return new HiddenNanos(channel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not map " + file, ex);
        }
    }

    /** The nanoseconds hidden so far. */
    public long get() {
        return (long) LONG.getVolatile(this.buffer, 0);
    }

    /** Hides {@code nanos} more; only while the generator is stopped, so it never reads a torn value. */
    public void add(long nanos) {
        LONG.setVolatile(this.buffer, 0, get() + nanos);
    }

}
