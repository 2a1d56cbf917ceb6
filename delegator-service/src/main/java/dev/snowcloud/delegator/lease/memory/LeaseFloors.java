package dev.snowcloud.delegator.lease.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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
 * Each write replaces the file atomically (a temporary file, forced to disk, renamed, and the
 * rename forced to disk with the directory), so a crash or a power loss leaves either the old
 * floors or the new ones.
 * <p>
 * One process at a time: the first read of an existing file, or the first write, locks
 * {@value #LOCK_FILE_NAME} in the directory until {@link #close()} or the process ends. Two
 * delegators sharing a directory would each grant worker IDs the other holds; the second one's
 * start (or first grant, on a directory still empty) fails instead. Until then nothing is
 * created in the directory, so a training run that stops before any grant leaves it empty.
 */
public final class LeaseFloors implements AutoCloseable {

    /** The file's name inside the data directory. */
    public static final String FILE_NAME = "snowcloud-lease-floors.properties";

    /** The lock file's name inside the data directory. */
    public static final String LOCK_FILE_NAME = "snowcloud-lease-floors.lock";

    private final Path file;

    private @Nullable FileChannel lockChannel;

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
        if (!Files.exists(this.file)) {
            return null;
        }
        try {
            lock();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
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
        Path directory = this.file.getParent();
        Path temporary = this.file.resolveSibling(FILE_NAME + ".tmp");
        try {
            lock();
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
                // A plain move may delete the old file before the new one is in place, and a start
                // that finds no file takes the store for one that never granted anything.
                throw new IOException("the file system of " + directory + " cannot rename atomically; give "
                        + "snowcloud.delegator.memory.data-dir a local file system", ex);
            }
            force(directory);
        }
        catch (IOException | UncheckedIOException ex) {
            throw new StoreUnavailableException("Cannot write " + this.file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Locks {@value #LOCK_FILE_NAME}, creating the directory and the file when missing, unless
     * this instance holds the lock already.
     * @throws IOException naming the directory when another process, or another store of this
     * process, holds it
     */
    private synchronized void lock() throws IOException {
        if (this.lockChannel != null) {
            return;
        }
        Path directory = this.file.getParent();
        Path lockFile = directory.resolve(LOCK_FILE_NAME);
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            force(directory.toAbsolutePath().getParent());
        }
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        }
        catch (OverlappingFileLockException ex) {
            lock = null;
        }
        catch (IOException ex) {
            channel.close();
            throw ex;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("another delegator uses the data directory " + directory + " (it holds "
                    + lockFile + "): two delegators on one data directory would each grant worker IDs the other "
                    + "holds; give each its own directory");
        }
        this.lockChannel = channel;
    }

    /** Forces a directory's entries (a rename, a new file) to disk; Windows cannot open a directory for it. */
    private static void force(@Nullable Path directory) throws IOException {
        if (directory == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
        catch (IOException ex) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw ex;
            }
        }
    }

    /** Releases the data directory for another process. */
    @Override
    public synchronized void close() {
        FileChannel channel = this.lockChannel;
        this.lockChannel = null;
        if (channel != null) {
            try {
                // closing the channel releases its lock
                channel.close();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
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
