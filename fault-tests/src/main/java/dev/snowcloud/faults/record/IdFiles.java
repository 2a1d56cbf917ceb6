package dev.snowcloud.faults.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads what {@link IdFileWriter} wrote.
 */
public final class IdFiles {

    private IdFiles() {
    }

    /**
     * The IDs in {@code file}, in the order they were written. A trailing partial record
     * (a process that died mid-write) is left out and counted in {@link Contents#partialBytes()}.
     */
    public static Contents read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long count = size / Long.BYTES;
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException(file + " holds more IDs than one array can: " + count);
            }
            long[] ids = new long[(int) count];
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            int filled = 0;
            while (filled < ids.length) {
                buffer.clear();
                long left = (ids.length - filled) * (long) Long.BYTES;
                if (left < buffer.capacity()) {
                    buffer.limit((int) left);
                }
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer) < 0) {
                        throw new IOException(file + " ended early");
                    }
                }
                buffer.flip();
                while (buffer.remaining() >= Long.BYTES) {
                    ids[filled++] = buffer.getLong();
                }
            }
            return new Contents(ids, (int) (size % Long.BYTES));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read " + file, ex);
        }
    }

    /**
     * What one ID file holds.
     * @param ids the IDs in write order
     * @param partialBytes bytes of an incomplete last record, 0 normally
     */
    public record Contents(long[] ids, int partialBytes) {
    }

}
