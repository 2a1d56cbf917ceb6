package dev.snowcloud.example.ids;

/**
 * Writes IDs as ASCII decimal digits straight into bytes, the one text encoding of
 * {@code /ids} that {@link IssuedIdsTextConverter} and {@link IdFastPathFilter} share:
 * no {@code String} per ID, two digits per table look-up.
 */
final class IdTextEncoder {

    /** Digits of the largest ID, {@link Long#MAX_VALUE}. */
    static final int MAX_DIGITS = 19;

    /** The digits of 00 to 99, two bytes each. */
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private IdTextEncoder() {
    }

    /**
     * One ID, bare: its digits and nothing else.
     * @throws IllegalArgumentException for a negative value, which is never an ID
     */
    static byte[] bare(long id) {
        byte[] text = new byte[digits(id)];
        write(id, text, text.length);
        return text;
    }

    /**
     * IDs one per line, each ending in {@code '\n'}; no bytes for no IDs.
     * @throws IllegalArgumentException for a negative value, which is never an ID
     */
    static byte[] lines(long[] ids) {
        int length = 0;
        for (long id : ids) {
            length += digits(id) + 1;
        }
        byte[] text = new byte[length];
        int end = 0;
        for (long id : ids) {
            end += digits(id);
            write(id, text, end);
            text[end++] = '\n';
        }
        return text;
    }

    /** How many decimal digits a non-negative value has. */
    static int digits(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("An ID is never negative: " + value);
        }
        long bound = 10;
        for (int digits = 1; digits < MAX_DIGITS; digits++) {
            if (value < bound) {
                return digits;
            }
            bound *= 10;
        }
        return MAX_DIGITS;
    }

    /** Writes the digits of a non-negative value backwards from {@code end} (exclusive). */
    private static void write(long value, byte[] text, int end) {
        int at = end;
        while (value >= 100) {
            int pair = (int) (value % 100);
            value /= 100;
            text[--at] = DIGIT_PAIRS[2 * pair + 1];
            text[--at] = DIGIT_PAIRS[2 * pair];
        }
        if (value >= 10) {
            text[--at] = DIGIT_PAIRS[2 * (int) value + 1];
            text[--at] = DIGIT_PAIRS[2 * (int) value];
        }
        else {
            text[--at] = (byte) ('0' + value);
        }
    }

}
