package dev.snowcloud.faults.record;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends IDs to one file as big-endian longs through a buffer. Not thread-safe: one writer
 * per issuing thread, so the file keeps that thread's issue order.
 */
public final class IdFileWriter implements Closeable {

    private final FileChannel channel;

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

    public IdFileWriter(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    public void write(long id) throws IOException {
        if (this.buffer.remaining() < Long.BYTES) {
            flush();
        }
        this.buffer.putLong(id);
    }

    /** Hands the buffered IDs to the operating system, which keeps them if this process dies. */
    public void flush() throws IOException {
        this.buffer.flip();
        while (this.buffer.hasRemaining()) {
            this.channel.write(this.buffer);
        }
        this.buffer.clear();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        }
        finally {
            this.channel.close();
        }
    }

}
