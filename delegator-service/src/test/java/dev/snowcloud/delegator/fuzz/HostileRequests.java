package dev.snowcloud.delegator.fuzz;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

import dev.snowcloud.delegator.fuzz.HostileRequest.Framing;

import static net.jqwik.api.Tuple.of;

/**
 * Generators of requests the delegator must refuse, without knowing any lease token: no
 * request made here can hold a lease, so none may succeed. Each body that goes to
 * {@code POST /workers} — where an empty or well-formed body <em>would</em> register — carries
 * something invalid by construction (a name of the wrong type or shape, broken JSON,
 * an unacceptable media type), because a registration is the one state change that needs
 * no token.
 */
final class HostileRequests {

    /** Characters of a registered name or host; anything else makes the registration invalid. */
    private static final String LABEL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            + "0123456789._:@/%+[]-";

    /** Text that tends to break parsers, validators, logs and terminals. */
    static final List<String> NASTY_TEXT = List.of("\uD83D\uDE00", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
            "\u202E", "\u200F", "\u061C", "\u200D", "\uFEFF", "\uFFFD", "\uFFFF", "\u2028", "\u2029", "\u0000",
            "\u0001", "\u001B[31m", "\r\n", "\t", "\u007F", "\u0085", "\u00A0", "\u0661\u0662\u0663",
            "\uFF11\uFF12", "\u0430", "\u00DF", "\u0130", "\uD800", "\uDC00", "e\u0301", "%00", "%", "\\", "\"", "'",
            "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "../../etc/passwd", "{{7*7}}", "' OR 1=1 --",
            "\n", "null", " ", "\u3000", "\u00E9");

    private HostileRequests() {
    }

    // ---------------------------------------------------------------- text and JSON pieces

    /** Random text mixing ASCII with {@link #NASTY_TEXT} and arbitrary chars, lone surrogates included. */
    static Arbitrary<String> oddText() {
        Arbitrary<String> atom = Arbitraries.frequencyOf(of(4, Arbitraries.strings().ascii().ofMaxLength(6)),
                of(3, Arbitraries.of(NASTY_TEXT)), of(1, Arbitraries.chars().map(String::valueOf)));
        return atom.list().ofMaxSize(6).map((atoms) -> String.join("", atoms));
    }

    /** Text with at least one char a name or host may not contain. */
    static Arbitrary<String> invalidLabel() {
        Arbitrary<String> valid = Arbitraries.strings().withChars(LABEL_CHARS).ofMaxLength(12);
        Arbitrary<String> bad = Arbitraries.oneOf(Arbitraries.of(NASTY_TEXT), Arbitraries.of(" ", "<", ">", "\"", "#",
                "?", "&", "=", ",", ";", "*", "!", "$", "(", "{", "|", "~", "^", "`"));
        Arbitrary<String> outside = Combinators.combine(valid, bad, valid).as((a, b, c) -> a + b + c)
            .filter(HostileRequests::breaksLabelRule);
        Arbitrary<String> tooLong = Arbitraries.strings().withChars(LABEL_CHARS).ofMinLength(129).ofMaxLength(400);
        return Arbitraries.frequencyOf(of(5, outside), of(1, tooLong));
    }

    private static boolean breaksLabelRule(String text) {
        return text.chars().anyMatch((c) -> LABEL_CHARS.indexOf(c) < 0) || text.length() > 128;
    }

    /** A JSON string literal: quotes, backslashes, controls and every surrogate escaped. */
    static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            }
            else if (c < 0x20 || Character.isSurrogate(c)) {
                json.append(String.format("\\u%04x", (int) c));
            }
            else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    /** Numbers JSON allows, from ordinary to overflowing every Java type. */
    static Arbitrary<String> jsonNumbers() {
        return Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers()
                    .between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40))
                    .map(BigInteger::toString),
                Arbitraries.doubles().map((d) -> Double.isFinite(d) ? Double.toString(d) : "1.5"),
                Arbitraries.of("0", "-0", "-1", "1.5", "1e3", "1E400", "-1E400", "1e-400", "0.0", "1.0",
                        "9007199254740991", "9007199254740992", "9007199254740993", "9223372036854775807",
                        "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1" + "0".repeat(1200)));
    }

    /** Number-like text that is not a JSON number. */
    static Arbitrary<String> notJsonNumbers() {
        return Arbitraries.of("0x10", "NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.", "1e", "--1", "1_000",
                "\u0661", "\uFF10", "1 2", "0b1", "1L", "undefined");
    }

    static Arbitrary<String> jsonScalars() {
        return Arbitraries.oneOf(Arbitraries.of("null", "true", "false"), jsonNumbers(),
                oddText().map(HostileRequests::quote));
    }

    static Arbitrary<String> jsonKeys() {
        return Arbitraries.oneOf(Arbitraries.of("leaseToken", "lastTimestamp", "name", "host", "workerId", "",
                "LeaseToken", "leasetoken", "lease_token", "__proto__", "@class", "$ref", "expiresAt", "notBefore"),
                oddText());
    }

    /** Any JSON value, nested up to four levels. */
    static Arbitrary<String> jsonValues() {
        return Arbitraries.recursive(HostileRequests::jsonScalars, (inner) -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map((items) -> "[" + String.join(",", items) + "]"),
                jsonObjects(jsonKeys(), inner)), 0, 4);
    }

    static Arbitrary<String> jsonObjects(Arbitrary<String> keys, Arbitrary<String> values) {
        return Combinators.combine(keys, values)
            .as((key, value) -> quote(key) + ":" + value)
            .list()
            .ofMaxSize(5)
            .map((members) -> "{" + String.join(",", members) + "}");
    }

    /** A lease token no lease was ever granted with; many break the token rule too. */
    static Arbitrary<String> strangerTokens() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("ABCDEFabcdef0123456789_-").ofLength(22),
                Arbitraries.strings().withChars("abc_-").ofMinLength(1).ofMaxLength(64), oddText(),
                Arbitraries.strings().withChars("a").ofMinLength(65).ofMaxLength(300),
                Arbitraries.of("", " ", "null", "undefined", "*", "%", "..", "a b", "a\u0000b", "\u00E4"));
    }

    /** Timestamps the API accepts, around now and at the ends of the range. */
    static Arbitrary<Long> validTimestamps() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, (1L << 53) - 1),
                Arbitraries.longs().between(System.currentTimeMillis() - 86_400_000L, System.currentTimeMillis()));
    }

    /** A JSON value that is no valid {@code lastTimestamp}. */
    static Arbitrary<String> invalidTimestamps() {
        return Arbitraries.oneOf(Arbitraries.longs().between(Long.MIN_VALUE, -1).map(String::valueOf),
                Arbitraries.longs().between(1L << 53, Long.MAX_VALUE).map(String::valueOf),
                Arbitraries.of("-1", "9007199254740992", "9223372036854775808", "99999999999999999999999", "1.5",
                        "1e3", "1.0", "-0.5", "1E400", "true", "false", "[]", "[1]", "{}", "{\"$numberLong\":\"1\"}",
                        "\"123\"", "\"abc\"", "\"\"", "\"0x10\"", "1" + "0".repeat(2000)));
    }

    /** A JSON value that is not a string, or a string that is no valid token. */
    static Arbitrary<String> invalidTokenValues() {
        return Arbitraries.oneOf(
                Arbitraries.of("5", "-1", "1.5", "true", "false", "null", "[]", "[\"abc\"]", "{}",
                        "{\"leaseToken\":\"abc\"}", "\"\"", "\" \"", "\"a b\"", "\"a\\u0000b\""),
                jsonNumbers(), Arbitraries.strings().withChars("a").ofLength(65).map(HostileRequests::quote),
                invalidLabel().map(HostileRequests::quote));
    }

    // ---------------------------------------------------------------- targets

    static Arbitrary<Integer> workerIds(List<Integer> watched) {
        return Arbitraries.frequencyOf(of(3, Arbitraries.of(watched)), of(1, Arbitraries.integers().between(0, 1023)));
    }

    /** {@code /workers/{id}/renew} or {@code /release} for an ID in the pool. */
    static Arbitrary<String> leasePaths(List<Integer> watched) {
        return Combinators.combine(workerIds(watched), Arbitraries.of("renew", "release"))
            .as((id, call) -> "/workers/" + id + "/" + call);
    }

    // ---------------------------------------------------------------- the generators

    /**
     * Any JSON to renew and release, with no lease's token in it; to register, JSON objects
     * whose name (last, so it wins over duplicates) is invalid, and top-level non-objects.
     */
    static Arbitrary<HostileRequest> randomJson(List<Integer> watched) {
        Arbitrary<HostileRequest> toLeases = Combinators.combine(leasePaths(watched), jsonValues())
            .as((path, json) -> HostileRequest.postJson("random JSON", path, json));
        Arbitrary<String> badName = Arbitraries.oneOf(
                jsonValues().filter((json) -> !json.startsWith("\"") && !json.equals("null")),
                invalidLabel().map(HostileRequests::quote));
        Arbitrary<String> poisoned = Combinators
            .combine(jsonObjects(jsonKeys(), jsonValues()), Arbitraries.of("name", "host"), badName)
            .as((object, field, value) -> object.substring(0, object.length() - 1) + ((object.length() > 2) ? "," : "")
                    + quote(field) + ":" + value + "}");
        Arbitrary<String> notAnObject = jsonValues().filter((json) -> !json.startsWith("{") && !json.equals("null"));
        Arbitrary<HostileRequest> toRegister = Arbitraries.oneOf(poisoned, notAnObject)
            .map((json) -> HostileRequest.postJson("random JSON to register", "/workers", json));
        return Arbitraries.oneOf(toLeases, toRegister);
    }

    /**
     * Bodies that are not JSON, or not only JSON: random bytes, other formats, JSON with
     * trailing content, comments, single quotes, and nesting or number lengths past any
     * sane parser limit while the body stays under 4 KiB.
     */
    static Arbitrary<HostileRequest> notJson(List<Integer> watched) {
        Arbitrary<byte[]> randomBytes = Combinators
            .combine(Arbitraries.bytes().filter((b) -> "{[\"-0123456789tfn \t\r\n".indexOf(b) < 0 && b != 0
                    && b != (byte) 0xEF && b != (byte) 0xFE && b != (byte) 0xFF),
                    Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
            .as((first, rest) -> {
                byte[] body = new byte[rest.length + 1];
                body[0] = first;
                System.arraycopy(rest, 0, body, 1, rest.length);
                return body;
            });
        Arbitrary<String> others = Arbitraries.of("name=orders&host=10.0.0.1", "leaseToken=abc&lastTimestamp=1",
                "<lease><name>orders</name></lease>", "name: orders\nhost: 10.0.0.1", "--x\r\nname\r\n--x--",
                ")]}',\n{}", "undefined", "NaN", "{'name':'orders'}", "{name:\"orders\"}", "{\"name\":\"orders\",}",
                "{\"name\":\"orders\" /* c */}", "// c\n{}", "{\"name\":\"orders\"}x", "{} {}", "{}]", "{}}", "[]]",
                "{\"name\":\"orders\"}\u0000", "{\"name\":\"orders\"};", "{\"name\":\"orders\"}\n{\"name\":\"x\"}",
                "{\"name\":\"orders\"", "{\"name\":", "{\"name", "{", "[", "\"", "{\"name\":\"orders\"}{", "{,}",
                "{\"leaseToken\":\"abc\",\"lastTimestamp\":1}garbage", "{\"a\":1}\u001a", "\u0000{}", "\u001a",
                "{\"name\":NaN}", "{\"name\":undefined}", "{\"name\":'x'}", "{\"name\":\"orders\"}}}}");
        // Jackson refuses nesting past 500 levels; object nesting up to that is valid JSON (and
        // registers), so objects nest deeper than that and only arrays go shallower
        Arbitrary<String> deep = Arbitraries.oneOf(
                Arbitraries.integers().between(200, 2000).map((depth) -> "[".repeat(depth) + "]".repeat(depth)),
                Arbitraries.integers().between(501, 680)
                    .map((depth) -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)),
                Arbitraries.integers().between(200, 2000).map("["::repeat));
        Arbitrary<String> longNumbers = Arbitraries.integers().between(500, 4000)
            .map((digits) -> "{\"lastTimestamp\":1" + "0".repeat(digits) + ",\"name\":" + "1" + "0".repeat(digits / 4)
                    + "}");
        Arbitrary<byte[]> bodies = Arbitraries.frequencyOf(of(3, randomBytes),
                of(3, others.map((text) -> text.getBytes(StandardCharsets.UTF_8))),
                of(1, deep.map((text) -> text.getBytes(StandardCharsets.UTF_8))),
                of(1, longNumbers.map((text) -> text.getBytes(StandardCharsets.UTF_8))));
        Arbitrary<String> paths = Arbitraries.oneOf(leasePaths(watched), Arbitraries.just("/workers"));
        return Combinators.combine(paths, bodies, Arbitraries.of(Framing.LENGTH, Framing.CHUNKED))
            .as((path, body, framing) -> HostileRequest.authorized("not JSON", "POST", path)
                .contentType("application/json")
                .body(body)
                .framing(framing));
    }

    /** Known fields with values of the wrong type or shape. */
    static Arbitrary<HostileRequest> wrongTypes(List<Integer> watched) {
        Arbitrary<String> token = Arbitraries.oneOf(invalidTokenValues(),
                strangerTokens().map(HostileRequests::quote));
        Arbitrary<String> timestamp = Arbitraries.oneOf(invalidTimestamps(), validTimestamps().map(String::valueOf),
                Arbitraries.just("null"));
        Arbitrary<HostileRequest> toLeases = Combinators.combine(leasePaths(watched), token, timestamp,
                Arbitraries.of(true, false))
            .as((path, t, ts, tokenFirst) -> HostileRequest.postJson("wrong types", path,
                    tokenFirst ? "{\"leaseToken\":" + t + ",\"lastTimestamp\":" + ts + "}"
                            : "{\"lastTimestamp\":" + ts + ",\"leaseToken\":" + t + "}"));
        Arbitrary<String> badLabel = Arbitraries.oneOf(
                Arbitraries.of("5", "-1", "1.5", "true", "false", "[]", "[\"orders\"]", "{}", "{\"name\":\"x\"}",
                        "1" + "0".repeat(30)),
                invalidLabel().map(HostileRequests::quote));
        Arbitrary<HostileRequest> toRegister = Combinators.combine(Arbitraries.of("name", "host"), badLabel)
            .as((field, value) -> HostileRequest.postJson("wrong types to register", "/workers",
                    "{" + quote(field) + ":" + value + "}"));
        return Arbitraries.oneOf(toLeases, toRegister);
    }

    /**
     * Bodies over the 4 KiB limit, declared or chunked, up to 4 MiB: padding after a small
     * well-formed body, inside a string, as array elements, or random bytes.
     */
    static Arbitrary<HostileRequest> hugeBodies(List<Integer> watched) {
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
                of(3, Arbitraries.integers().between(4097, 64 * 1024).withDistribution(RandomDistribution.biased())),
                of(1, Arbitraries.integers().between(1024 * 1024, 4 * 1024 * 1024)));
        Arbitrary<String> paths = Arbitraries.oneOf(leasePaths(watched), Arbitraries.just("/workers"));
        return Combinators.combine(paths, sizes, Arbitraries.of(Padding.values()),
                Arbitraries.of(Framing.LENGTH, Framing.CHUNKED))
            .as((path, size, padding, framing) -> HostileRequest.authorized("huge body (" + padding + ")", "POST", path)
                .contentType("application/json")
                .body(padding.body(path, size))
                .framing(framing));
    }

    /** How a huge body is filled. */
    enum Padding {

        /** A small body that would be valid on its own, then whitespace. */
        TRAILING_WHITESPACE,

        /** One long string value. */
        LONG_STRING,

        /** A long array of numbers. */
        LONG_ARRAY,

        /** Random bytes. */
        RANDOM;

        byte[] body(String path, int size) {
            String small = path.equals("/workers") ? "{\"name\":\"orders\"}"
                    : "{\"leaseToken\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"lastTimestamp\":1}";
            byte[] body = new byte[size];
            switch (this) {
                case TRAILING_WHITESPACE -> {
                    java.util.Arrays.fill(body, (byte) ' ');
                    byte[] start = small.getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(start, 0, body, 0, start.length);
                }
                case LONG_STRING -> {
                    java.util.Arrays.fill(body, (byte) 'a');
                    byte[] start = "{\"name\":\"".getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(start, 0, body, 0, start.length);
                    body[size - 2] = '"';
                    body[size - 1] = '}';
                }
                case LONG_ARRAY -> {
                    for (int i = 0; i < size; i++) {
                        body[i] = (byte) ((i % 2 == 0) ? '1' : ',');
                    }
                    body[0] = '[';
                    body[size - 1] = ']';
                }
                case RANDOM -> new java.util.Random(size).nextBytes(body);
            }
            return body;
        }

    }

    /**
     * Odd encodings: invalid and overlong UTF-8, UTF-16 and UTF-32 with and without a byte
     * order mark, NUL and control bytes, emoji and bidirectional controls in names, and
     * charsets that do not match the bytes.
     */
    static Arbitrary<HostileRequest> oddEncodings(List<Integer> watched) {
        Arbitrary<byte[]> badUtf8 = Arbitraries.of(new byte[] { (byte) 0xC0, (byte) 0x80 },
                new byte[] { (byte) 0xC1, (byte) 0xAF }, new byte[] { (byte) 0xE0, (byte) 0x80, (byte) 0xAF },
                new byte[] { (byte) 0xF0, (byte) 0x80, (byte) 0x81, (byte) 0xAF },
                new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 },
                new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, new byte[] { (byte) 0xFF },
                new byte[] { (byte) 0xFE }, new byte[] { (byte) 0x80 }, new byte[] { (byte) 0xE2, (byte) 0x82 },
                new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, new byte[] { 0 },
                new byte[] { 0x1B }, new byte[] { 0x7F }, new byte[] { 0x08 }, new byte[] { 0x0B });
        // The bad bytes go inside a string or between tokens. Register only gets them in the name
        // or host: a parser may skip an unknown member's string without decoding it.
        Arbitrary<String> paths = Arbitraries.oneOf(leasePaths(watched), Arbitraries.just("/workers"));
        Arbitrary<HostileRequest> withBadBytes = Combinators
            .combine(paths, Arbitraries.of("name", "host", "leaseToken"), badUtf8, Arbitraries.of(true, false))
            .as((path, field, bad, inside) -> {
                String member = (path.equals("/workers") && field.equals("leaseToken")) ? "name" : field;
                return HostileRequest.authorized("bad bytes", "POST", path)
                    .contentType("application/json")
                    .body(concat(("{\"" + member + "\":" + (inside ? "\"ord" : "")).getBytes(StandardCharsets.US_ASCII),
                            bad, ((inside ? "ers\"" : "\"orders\"") + "}").getBytes(StandardCharsets.US_ASCII)));
            });
        Arbitrary<String> nastyName = Arbitraries.of(NASTY_TEXT)
            .filter(HostileRequests::breaksLabelRule)
            .map((nasty) -> "{\"name\":\"orders" + nasty.replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\",\"host\":\"10.0.0.1\"}");
        Arbitrary<byte[]> encoded = Combinators.combine(nastyName, Arbitraries.of(Encoding.values()))
            .as((json, encoding) -> encoding.encode(json));
        Arbitrary<String> contentTypes = Arbitraries.of("application/json", "application/json; charset=UTF-8",
                "application/json; charset=latin1", "application/json; charset=utf-16",
                "application/json; charset=UTF-32", "application/json; charset=us-ascii",
                "application/json; charset=bogus-8", "application/json; charset=\"\"",
                "application/json; charset=utf-7", "application/json; charset=x-user-defined");
        Arbitrary<HostileRequest> nastyNames = Combinators.combine(paths, encoded, contentTypes)
            .as((path, body, type) -> HostileRequest.authorized("odd encoding", "POST", path)
                .contentType(type)
                .body(body));
        return Arbitraries.oneOf(withBadBytes, nastyNames);
    }

    /** How {@link #oddEncodings} turns JSON text into bytes. */
    enum Encoding {

        UTF8(StandardCharsets.UTF_8, new byte[0]),

        UTF8_WITH_BOM(StandardCharsets.UTF_8, new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }),

        UTF16_BE_WITH_BOM(StandardCharsets.UTF_16BE, new byte[] { (byte) 0xFE, (byte) 0xFF }),

        UTF16_LE_WITH_BOM(StandardCharsets.UTF_16LE, new byte[] { (byte) 0xFF, (byte) 0xFE }),

        UTF16_LE(StandardCharsets.UTF_16LE, new byte[0]),

        UTF32_BE(Charset.forName("UTF-32BE"), new byte[0]),

        LATIN1(StandardCharsets.ISO_8859_1, new byte[0]);

        private final Charset charset;

        private final byte[] bom;

        Encoding(Charset charset, byte[] bom) {
            this.charset = charset;
            this.bom = bom;
        }

        byte[] encode(String json) {
            return concat(this.bom, json.getBytes(this.charset));
        }

    }

    /**
     * Media types that are not JSON (with a well-formed body to go with them), and JSON-ish
     * ones with odd parameters (with a body that fails on its content).
     */
    static Arbitrary<HostileRequest> weirdContentTypes(List<Integer> watched) {
        Arbitrary<String> notJsonTypes = Arbitraries.oneOf(Arbitraries.of("text/plain", "text/json",
                "text/html", "multipart/form-data; boundary=xyz", "multipart/mixed",
                "application/x-www-form-urlencoded", "application/xml", "application/octet-stream",
                "application/x-ndjson", "application/jsonx",
                "application/json-seq", "application/javascript", "", "json", "application", "application/", "/",
                ";;;", "application/json\u0000", "image/png", "application/x-java-serialized-object",
                "application/x-yaml", "application/cbor", "application/smile"),
                Arbitraries.strings().withCharRange(' ', '\u00FF').ofMaxLength(60)
                    .filter((type) -> !type.toLowerCase(java.util.Locale.ROOT).contains("json")
                            && !type.contains("*")));
        Arbitrary<String> jsonishTypes = Arbitraries.of("application/json; charset=latin1",
                "application/json; charset=bogus", "application/json; charset=\"\"", "application/json;;;",
                "APPLICATION/JSON", "application/json, text/plain", "*/*", "application/*", "application/problem+json",
                "application/vnd.snowcloud+json", "application/json; boundary=x", "application/json; q=0",
                "application/json\t", "application/json;charset=utf-8;charset=latin1",
                "application/json; " + "x=".repeat(3000));
        Arbitrary<HostileRequest> wellFormedButNotJson = Combinators
            .combine(Arbitraries.of("/workers", "/workers/0/renew", "/workers/0/release"), notJsonTypes,
                    Arbitraries.of(true, false))
            .as((path, type, missing) -> HostileRequest.authorized("not a JSON media type", "POST", path)
                .contentType(missing ? null : type)
                .body((path.equals("/workers") ? "{\"name\":\"orders\"}"
                        : "{\"leaseToken\":\"AAAA\",\"lastTimestamp\":1}").getBytes(StandardCharsets.UTF_8)));
        Arbitrary<HostileRequest> jsonishWithBadContent = Combinators
            .combine(Arbitraries.oneOf(leasePaths(watched), Arbitraries.just("/workers")), jsonishTypes)
            .as((path, type) -> HostileRequest.postJson("JSON-ish media type", path,
                    path.equals("/workers") ? "{\"name\":\"\u00E9\"}" : "{\"leaseToken\":\"AAAA\",\"lastTimestamp\":1}")
                .contentType(type));
        return Arbitraries.oneOf(wellFormedButNotJson, jsonishWithBadContent);
    }

    /**
     * Path segments for {@code {id}}: numbers outside the pool, non-decimal spellings,
     * percent-encodings, dot segments, path parameters, Unicode digits, random text.
     */
    static Arbitrary<String> oddIdSegments() {
        Arbitrary<String> fixed = Arbitraries.of("-1", "1024", "1025", "99999999999999999999", "0x10", "1.5", "%31",
                "..", ".", "%2e%2e", "%2E", "1e3", "+1", "%2B1", "%20", "1%00", "%00", "0001", "-0", "\u0661",
                "%D9%A1", "%EF%BC%91", "1;x=y", ";1", "1;", "%3B", "%2F", "%5C", "1%2F2", "", "abc", "NaN",
                "Infinity", "2147483647", "2147483648", "-2147483648", "-2147483649", "1_000", "1,2", "[1]", "%5B1%5D",
                "{id}", "%7Bid%7D", "%", "%zz", "%c0%af", "%ff", "%c0%b1", "1?x=1", "0%0a", "1%09", "~1",
                "1" + "0".repeat(5000), "%25", "%2525", "%u0031", "&#49;", "1.0", "1e0", "0o1", "0b1");
        Arbitrary<String> numbers = Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
            .map(BigInteger::toString);
        Arbitrary<String> random = Arbitraries.strings()
            .withChars("0123456789-+.%;,xXeE~_aF:@!$&'()*=")
            .ofMaxLength(12);
        return Arbitraries.frequencyOf(of(3, fixed), of(2, numbers), of(2, random));
    }

    /**
     * Whether a path segment, as the servlet container and Spring decode it, names a worker
     * ID in the pool: a decimal in {@code 0..1023} after percent-decoding and dropping path
     * parameters and the query, so that {@code GET} on it may answer 200.
     */
    static boolean namesWorkerId(String segment) {
        String path = segment.contains("?") ? segment.substring(0, segment.indexOf('?')) : segment;
        if (path.matches(".*%(?![0-9A-Fa-f]{2}).*")) {
            // Tomcat refuses a broken percent escape anywhere in the path, a path parameter's too (1;%)
            return false;
        }
        if (path.contains(";")) {
            path = path.substring(0, path.indexOf(';'));
        }
        String decoded;
        try {
            decoded = java.net.URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
        if (!decoded.matches("-?[0-9]+")) {
            return false;
        }
        BigInteger value = new BigInteger(decoded);
        return value.signum() >= 0 && value.compareTo(BigInteger.valueOf(1023)) <= 0;
    }

    /**
     * Requests whose framing or protocol is wrong: bad or conflicting lengths, unknown
     * transfer codings, bad chunks, no {@code Host}, odd request lines and headers.
     */
    static Arbitrary<HostileRequest> badFraming() {
        String json = "{\"name\":\"<orders>\"}";
        byte[] body = json.getBytes(StandardCharsets.US_ASCII);
        String length = Integer.toString(body.length);
        HostileRequest post = HostileRequest.postJson("bad framing", "/workers", json).body(new byte[0])
            .framing(Framing.AS_GIVEN);
        HostileRequest sized = post.header("Content-Length", length).body(body);
        HostileRequest chunked = post.header("Transfer-Encoding", "chunked");
        String oneChunk = Integer.toHexString(body.length) + "\r\n" + json + "\r\n0\r\n\r\n";
        HostileRequest get = HostileRequest.authorized("bad request line", "GET", "/workers").framing(Framing.AS_GIVEN);
        return Arbitraries.of(post.header("Content-Length", "-1"), post.header("Content-Length", "abc"),
                post.header("Content-Length", "1e3"), post.header("Content-Length", "99999999999999999999999"),
                sized.header("Content-Length", Integer.toString(body.length - 1)),
                post.header("Content-Length", length + ", " + (body.length - 1)).body(body),
                chunked.header("Content-Length", length).body(oneChunk.getBytes(StandardCharsets.US_ASCII)),
                post.header("Transfer-Encoding", "gzip"), post.header("Transfer-Encoding", "chunked, gzip"),
                post.header("Transfer-Encoding", "identity"),
                chunked.body("zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                chunked.body("ffffffffffffffffff\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                chunked.body("-1\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                chunked.body((Integer.toHexString(body.length) + ";x=\"\u0000\"\r\n" + json + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1)),
                chunked.body(oneChunk.replace("\r\n0\r\n", "\r\n0\r\nX-Trailer: \u0000\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1)),
                sized.without("Host"), sized.header("Host", "other.example"), sized.header("Host", "bad host name"),
                sized.header("X Bad Name", "1"), sized.header("X-Folded", "a\r\n folded"),
                sized.header("X-Nul", "a\u0000b"), sized.header("", "empty name"),
                sized.header("X-Big", "a".repeat(9000)),
                HostileRequest.authorized("bad request line", "GET", "/workers HTTP/1.1 extra"),
                HostileRequest.authorized("bad request line", "GET", "workers"),
                HostileRequest.authorized("bad request line", "GET", "http://other.example/workers/%zz"),
                HostileRequest.authorized("bad request line", "GET", "/workers/\u0001"),
                HostileRequest.authorized("bad request line", "GET", "/workers/\u00e9"),
                HostileRequest.authorized("bad request line", "GET", "/workers/a b"),
                HostileRequest.authorized("bad request line", "GET", "/workers/" + "9".repeat(9000)),
                get.version("HTTP/1.1x"), get.version("HTP/1.1"), get.version("HTTP/1.10"), get.method("G\u00c9T"),
                get.method(""), get.method("GET\u0000"));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

}
