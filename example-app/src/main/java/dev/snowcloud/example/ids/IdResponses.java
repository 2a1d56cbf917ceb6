package dev.snowcloud.example.ids;

import java.io.IOException;

import dev.snowcloud.id.SnowflakeGenerator;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/**
 * Writes a {@code GET /ids} answer: IDs straight into a per-thread byte buffer, sent
 * in one write with an explicit length. No {@code String}, message converter or
 * per-request allocation beyond what the buffers first grow to.
 */
final class IdResponses {

    private static final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    private IdResponses() {
    }

    /**
     * Issues {@code count} IDs and writes them: one bare ID when {@code bare}, else one
     * per line; or {@code {"ids":["…"]}} when {@code json}. Throws the generator's
     * {@code SnowflakeException} before writing anything if it refuses to issue.
     */
    static void write(SnowflakeGenerator generator, int count, boolean bare, boolean json,
            HttpServletResponse response) throws IOException {
        Buffers scratch = buffers.get();
        long[] ids = scratch.ids(count);
        generator.nextIds(ids, 0, count);
        byte[] out;
        int length;
        if (json) {
            out = scratch.bytes(IdEncoder.maxJsonLength(count));
            length = IdEncoder.writeJson(ids, count, out);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        }
        else {
            out = scratch.bytes(IdEncoder.maxTextLength(count));
            length = IdEncoder.writeText(ids, count, bare, out);
            response.setContentType(MediaType.TEXT_PLAIN_VALUE);
        }
        response.setContentLength(length);
        response.getOutputStream().write(out, 0, length);
    }

    /**
     * A thread's reusable arrays, grown to the largest request it served.
     */
    private static final class Buffers {

        private long[] ids = new long[64];

        private byte[] bytes = new byte[IdEncoder.maxJsonLength(64)];

        long[] ids(int count) {
            if (this.ids.length < count) {
                this.ids = new long[count];
            }
            return this.ids;
        }

        byte[] bytes(int length) {
            if (this.bytes.length < length) {
                this.bytes = new byte[length];
            }
            return this.bytes;
        }

    }

}
