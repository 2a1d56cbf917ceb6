package dev.snowcloud.delegator.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A request exactly as it goes on the wire: any method, any request target, header values
 * of any bytes (held as ISO-8859-1 text, one char per byte), any body bytes and framing.
 * {@link RawHttp} writes it unchanged, adding only {@code Connection: close}.
 *
 * @param label what the generator meant to do, shown when a property fails
 * @param method the request method, sent as is
 * @param target the request target, sent as is
 * @param version the protocol version of the request line
 * @param headers name and value pairs in order, duplicates allowed
 * @param body the body bytes
 * @param framing how the body is delimited
 * @param expected the statuses the request must get; empty for any refusal (4xx)
 */
record HostileRequest(String label, String method, String target, String version, List<Header> headers, byte[] body,
        Framing framing, Set<Integer> expected) {

    /** How the body is delimited on the wire. */
    enum Framing {

        /** A {@code Content-Length} header, unless the body is empty. */
        LENGTH,

        /** {@code Transfer-Encoding: chunked}, in chunks of up to 1000 bytes. */
        CHUNKED,

        /** No framing header: the generator set its own (or none at all). */
        AS_GIVEN

    }

    /** A header line; the value's chars are the bytes sent. */
    record Header(String name, String value) {

    }

    /** A request with a valid API key and a {@code Host} header, no body. */
    static HostileRequest authorized(String label, String method, String target) {
        return new HostileRequest(label, method, target, "HTTP/1.1",
                List.of(new Header("Host", "127.0.0.1"), new Header("Authorization", "Bearer " + Fixture.KEY)),
                new byte[0], Framing.LENGTH, Set.of());
    }

    /** An authorized POST of a JSON body. */
    static HostileRequest postJson(String label, String target, String json) {
        return authorized(label, "POST", target).contentType("application/json")
            .body(json.getBytes(StandardCharsets.UTF_8));
    }

    HostileRequest label(String label) {
        return new HostileRequest(label, this.method, this.target, this.version, this.headers, this.body,
                this.framing, this.expected);
    }

    HostileRequest method(String method) {
        return new HostileRequest(this.label, method, this.target, this.version, this.headers, this.body,
                this.framing, this.expected);
    }

    HostileRequest version(String version) {
        return new HostileRequest(this.label, this.method, this.target, version, this.headers, this.body,
                this.framing, this.expected);
    }

    HostileRequest body(byte[] body) {
        return new HostileRequest(this.label, this.method, this.target, this.version, this.headers, body,
                this.framing, this.expected);
    }

    HostileRequest framing(Framing framing) {
        return new HostileRequest(this.label, this.method, this.target, this.version, this.headers, this.body,
                framing, this.expected);
    }

    /** The statuses this request must get, e.g. 401 for a missing key. */
    HostileRequest expecting(Integer... statuses) {
        return new HostileRequest(this.label, this.method, this.target, this.version, this.headers, this.body,
                this.framing, Set.of(statuses));
    }

    /** Adds a header line, keeping any of the same name. */
    HostileRequest header(String name, String value) {
        List<Header> headers = new ArrayList<>(this.headers);
        headers.add(new Header(name, value));
        return new HostileRequest(this.label, this.method, this.target, this.version, headers, this.body,
                this.framing, this.expected);
    }

    /** Drops every header line of that name. */
    HostileRequest without(String name) {
        List<Header> headers = new ArrayList<>(this.headers);
        headers.removeIf((header) -> header.name().equalsIgnoreCase(name));
        return new HostileRequest(this.label, this.method, this.target, this.version, headers, this.body,
                this.framing, this.expected);
    }

    /** Replaces the {@code Authorization} header; {@code null} sends none. */
    HostileRequest authorization(String value) {
        HostileRequest request = without("Authorization");
        return (value != null) ? request.header("Authorization", value) : request;
    }

    /** Replaces the {@code Content-Type} header; {@code null} sends none. */
    HostileRequest contentType(String value) {
        HostileRequest request = without("Content-Type");
        return (value != null) ? request.header("Content-Type", value) : request;
    }

    String headerValue(String name) {
        return this.headers.stream()
            .filter((header) -> header.name().equalsIgnoreCase(name))
            .map(Header::value)
            .findFirst()
            .orElse(null);
    }

    byte[] toWire() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream(this.body.length + 512);
        StringBuilder head = new StringBuilder();
        head.append(this.method).append(' ').append(this.target).append(' ').append(this.version).append("\r\n");
        for (Header header : this.headers) {
            head.append(header.name()).append(": ").append(header.value()).append("\r\n");
        }
        if (this.framing == Framing.LENGTH && this.body.length > 0) {
            head.append("Content-Length: ").append(this.body.length).append("\r\n");
        }
        if (this.framing == Framing.CHUNKED) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        wire.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (this.framing == Framing.CHUNKED) {
            for (int offset = 0; offset < this.body.length; offset += 1000) {
                int length = Math.min(1000, this.body.length - offset);
                wire.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                wire.write(this.body, offset, length);
                wire.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            wire.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        else {
            wire.writeBytes(this.body);
        }
        return wire.toByteArray();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(this.label).append(this.expected.isEmpty() ? "" : " " + this.expected)
            .append(": ")
            .append(shown(this.method + " " + this.target + " " + this.version, 300));
        for (Header header : this.headers) {
            text.append(" | ").append(header.name()).append(": ").append(shown(header.value(), 120));
        }
        text.append(" | ").append(this.framing.name().toLowerCase(Locale.ROOT)).append(" body of ")
            .append(this.body.length)
            .append(" bytes: ")
            .append(shown(new String(this.body, 0, Math.min(this.body.length, 300), StandardCharsets.ISO_8859_1), 300));
        return text.toString();
    }

    /** Control and non-ASCII chars escaped, so a failure report shows what was sent. */
    private static String shown(String value, int max) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < value.length() && shown.length() < max; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                shown.append(String.format("\\x%02x", (int) c & 0xff));
            }
            else {
                shown.append(c);
            }
        }
        return (shown.length() >= max) ? shown + "…(" + value.length() + ")" : shown.toString();
    }

}
