package dev.snowcloud.example.ids;

/**
 * Writes IDs as ASCII digits straight into a byte array: one line each, or a
 * JSON array of strings. No {@code String} per ID.
 */
final class IdEncoder {

    /** Digits of the largest {@code long}, 9223372036854775807. */
    static final int MAX_DIGITS = 19;

    /** Longest line: the digits and a newline. */
    static final int MAX_LINE = MAX_DIGITS + 1;

    /** Longest JSON element: quotes, digits and a comma. */
    static final int MAX_JSON_ELEMENT = MAX_DIGITS + 3;

    private static final byte[] JSON_START = { '{', '"', 'i', 'd', 's', '"', ':', '[' };

    private static final byte[] JSON_END = { ']', '}' };

    private static final byte[] TENS = new byte[100];

    private static final byte[] ONES = new byte[100];

    private static final long[] POWERS_OF_TEN = new long[MAX_DIGITS];

    static {
        for (int i = 0; i < 100; i++) {
            TENS[i] = (byte) ('0' + i / 10);
            ONES[i] = (byte) ('0' + i % 10);
        }
        long power = 1;
        for (int i = 0; i < MAX_DIGITS; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private IdEncoder() {
    }

    /**
     * Bytes needed to write {@code count} IDs as text lines.
     */
    static int maxTextLength(int count) {
        return count * MAX_LINE;
    }

    /**
     * Bytes needed to write {@code count} IDs as JSON.
     */
    static int maxJsonLength(int count) {
        return JSON_START.length + count * MAX_JSON_ELEMENT + JSON_END.length;
    }

    /**
     * Writes {@code ids[0..count)} one per line, each followed by {@code '\n'} unless
     * {@code bare}, which writes a single ID alone.
     * @return the number of bytes written
     */
    static int writeText(long[] ids, int count, boolean bare, byte[] out) {
        int at = 0;
        for (int i = 0; i < count; i++) {
            at = writeDigits(ids[i], out, at);
            if (!bare) {
                out[at++] = '\n';
            }
        }
        return at;
    }

    /**
     * Writes {@code {"ids":["…",…]}}.
     * @return the number of bytes written
     */
    static int writeJson(long[] ids, int count, byte[] out) {
        System.arraycopy(JSON_START, 0, out, 0, JSON_START.length);
        int at = JSON_START.length;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            out[at++] = '"';
            at = writeDigits(ids[i], out, at);
            out[at++] = '"';
        }
        out[at++] = ']';
        out[at++] = '}';
        return at;
    }

    /**
     * Writes the decimal digits of a non-negative {@code value} at {@code at}.
     * @return the position after the last digit
     */
    static int writeDigits(long value, byte[] out, int at) {
        int end = at + digitCount(value);
        int i = end;
        long rest = value;
        while (rest >= 100) {
            long quotient = rest / 100;
            int pair = (int) (rest - quotient * 100);
            rest = quotient;
            out[--i] = ONES[pair];
            out[--i] = TENS[pair];
        }
        int pair = (int) rest;
        if (pair >= 10) {
            out[--i] = ONES[pair];
            out[--i] = TENS[pair];
        }
        else {
            out[--i] = (byte) ('0' + pair);
        }
        return end;
    }

    static int digitCount(long value) {
        int digits = 1;
        while (digits < MAX_DIGITS && value >= POWERS_OF_TEN[digits]) {
            digits++;
        }
        return digits;
    }

}
