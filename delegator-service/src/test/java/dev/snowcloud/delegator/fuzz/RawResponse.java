package dev.snowcloud.delegator.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP answer as it came off the wire.
 *
 * @param status the status code
 * @param headers header values by lower-case name
 * @param body the body bytes, after chunked decoding
 */
record RawResponse(int status, Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header, or {@code null}. */
    String header(String name) {
        List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
        return (values != null && !values.isEmpty()) ? values.get(0) : null;
    }

    String text() {
        return new String(this.body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String text = text();
        return this.status + " " + this.headers + " " + ((text.length() > 600) ? text.substring(0, 600) + "…" : text);
    }

}
