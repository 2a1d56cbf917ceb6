package dev.snowcloud.delegator.lease.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.snowcloud.delegator.lease.StoreUnavailableException;

/**
 * What an {@link InMemoryLeaseStore} must remember across a restart, in one small file of
 * its data directory: for each worker ID the lowest {@code notBefore} a next holder could
 * safely get (the watermark, or the fence of a lease not released), and the latest expiry
 * of any lease not released. The file exists once the store granted anything.
 * <p>
 * Each write replaces the file atomically (a temporary file, forced to disk, then renamed),
 * so a crash leaves either the old floors or the new ones.
 */
public final class LeaseFloors {

    /** The file's name inside the data directory. */
    public static final String FILE_NAME = "snowcloud-lease-floors.properties";

    private final Path file;

    public LeaseFloors(Path dataDirectory) {
        this.file = Objects.requireNonNull(dataDirectory, "dataDirectory").resolve(FILE_NAME);
    }

    /** The file the floors live in. */
    public Path file() {
        return this.file;
    }

    /**
     * The floors a previous run wrote, or {@code null} when it never granted anything.
     * @throws IllegalStateException when the file exists but cannot be read or understood:
     * starting from nothing could hand a worker ID to a second live holder
     */
    public @Nullable Snapshot read() {
        String text;
        try {
            text = Files.readString(this.file, StandardCharsets.UTF_8);
        }
        catch (NoSuchFileException ex) {
            return null;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read " + this.file + ": " + ex.getMessage(), ex);
        }
        long[] floors = new long[1024];
        long latestExpiry = -1;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            try {
                String name = line.substring(0, eq);
                long value = Long.parseLong(line.substring(eq + 1).strip());
                if (name.equals("latestExpiry")) {
                    latestExpiry = value;
                }
                else if (name.startsWith("floor.")) {
                    floors[Integer.parseInt(name.substring("floor.".length()))] = value;
                }
                else {
                    throw new IllegalArgumentException("unknown entry");
                }
            }
            catch (RuntimeException ex) {
                throw new IllegalStateException("Cannot understand line '" + line + "' of " + this.file
                        + "; delete the file only when no generator holds a lease from this delegator", ex);
            }
        }
        if (latestExpiry < 0) {
            throw new IllegalStateException(this.file + " has no latestExpiry; delete the file only when no "
                    + "generator holds a lease from this delegator");
        }
        return new Snapshot(floors, latestExpiry);
    }

    /**
     * Replaces the file with these floors.
     * @throws StoreUnavailableException when the file cannot be written: a lease granted now
     * would be forgotten by a restart
     */
    void write(Snapshot snapshot) {
        StringBuilder text = new StringBuilder(16 * 1024);
        text.append("# Snowcloud in-memory lease store: the lowest notBefore each worker ID may get after a restart.\n")
            .append("# Delete only while no generator holds a lease from this delegator.\n")
            .append("latestExpiry=").append(snapshot.latestExpiry()).append('\n');
        long[] floors = snapshot.floors();
        for (int id = 0; id < floors.length; id++) {
            if (floors[id] > 0) {
                text.append("floor.").append(id).append('=').append(floors[id]).append('\n');
            }
        }
        Path temporary = this.file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(this.file.getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException ex) {
                Files.move(temporary, this.file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException | UncheckedIOException ex) {
            throw new StoreUnavailableException("Cannot write " + this.file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * The floors at one moment.
     *
     * @param floors per worker ID, the lowest timestamp at or below which a past holder may
     * have issued (0: never leased)
     * @param latestExpiry the latest expiry of a lease that was not released (0: none)
     */
    public record Snapshot(long[] floors, long latestExpiry) {

        /** The floor of one worker ID. */
        public long floor(int workerId) {
            return (workerId < this.floors.length) ? this.floors[workerId] : 0;
        }

    }

}
