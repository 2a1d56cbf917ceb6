package dev.snowcloud.faults.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a harness generator process keeps its files, one directory per process:
 * <ul>
 * <li>{@code ids-<thread>.bin} — every ID one issuing thread got, in issue order, as
 * big-endian 8-byte longs;</li>
 * <li>{@code events.jsonl} — one JSON object per line: leases granted, refusals, resumptions,
 * clock offsets (see {@link EventTypes});</li>
 * <li>{@code status.json} — a snapshot rewritten a few times a second;</li>
 * <li>{@code clock-offset} — written by the test: milliseconds to add to this process's wall
 * clock;</li>
 * <li>{@code hidden-nanos} — written by the test: nanoseconds this process's monotonic clock
 * hides, as a suspended host's does (see {@link HiddenNanos}).</li>
 * </ul>
 */
public final class RunFiles {

    public static final String EVENTS = "events.jsonl";

    public static final String STATUS = "status.json";

    public static final String CLOCK_OFFSET = "clock-offset";

    public static final String HIDDEN_NANOS = "hidden-nanos";

    private static final String ID_PREFIX = "ids-";

    private static final String ID_SUFFIX = ".bin";

    private RunFiles() {
    }

    /** The ID file of issuing thread {@code thread}. */
    public static Path idFile(Path dir, int thread) {
        return dir.resolve(ID_PREFIX + thread + ID_SUFFIX);
    }

    /** Every ID file in {@code dir}, sorted by name. */
    public static List<Path> idFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter((file) -> {
                String name = file.getFileName().toString();
                return name.startsWith(ID_PREFIX) && name.endsWith(ID_SUFFIX);
            }).sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
