package dev.snowcloud.example.ids;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The IDs issued for one {@code GET /ids}, in both of its formats: JSON as
 * {@code {"ids":["…"]}}, strings since the IDs exceed what a JavaScript number
 * holds exactly; text as {@link #text()}.
 */
public final class IssuedIds {

    private final long[] values;

    private final boolean single;

    private IssuedIds(long[] values, boolean single) {
        this.values = values;
        this.single = single;
    }

    /** One ID asked for without a count: written bare, without a line end. */
    static IssuedIds single(long id) {
        return new IssuedIds(new long[] { id }, true);
    }

    /** IDs asked for with a count: one per line. */
    static IssuedIds of(long[] ids) {
        return new IssuedIds(ids, false);
    }

    @JsonProperty("ids")
    public List<String> ids() {
        return Arrays.stream(this.values).mapToObj(Long::toString).toList();
    }

    /**
     * The IDs as ASCII text: one bare ID, or one per line, each ending in {@code '\n'}.
     */
    byte[] text() {
        return this.single ? IdTextEncoder.bare(this.values[0]) : IdTextEncoder.lines(this.values);
    }

}
