package dev.snowcloud.delegator.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import dev.snowcloud.delegator.fuzz.Fixture.Lease;
import dev.snowcloud.delegator.fuzz.HostileRequest.Framing;

import static net.jqwik.api.Tuple.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Hostile requests against a running delegator over real HTTP. Every property sends one
 * generated request per try and checks two things: the answer is a refusal in the shape
 * {@link HostileAnswers} demands (or one of the few successes a property names and
 * justifies), and the pool shows exactly what it showed before ({@link ProtectedLeases}).
 * After each property the owners renew their leases, which proves their tokens still work.
 * <p>
 * Subclasses pick the store and the number of tries.
 */
abstract class HostileRequestFuzzing {

    /** What the owners of the protected leases hold: set up once per store. */
    abstract ProtectedLeases leases();

    final Fixture fixture() {
        return leases().fixture;
    }

    @BeforeProperty
    void ownersRenewBefore() {
        leases().ownersRenew();
    }

    @AfterProperty
    void ownersStillHoldTheirLeases() {
        leases().ownersRenew();
    }

    // ---------------------------------------------------------------- properties

    @Property
    void randomJsonIsRefused(@ForAll("randomJson") HostileRequest request) {
        refusedAndNothingChanged(request);
    }

    @Property
    void bodiesThatAreNotJsonAreRefused(@ForAll("notJson") HostileRequest request) {
        refusedAndNothingChanged(request);
    }

    @Property
    void knownFieldsOfTheWrongTypeAreRefused(@ForAll("wrongTypes") HostileRequest request) {
        refusedAndNothingChanged(request);
    }

    @Property(tries = 40)
    void bodiesOverFourKibAreRefused(@ForAll("hugeBodies") HostileRequest request) {
        refusedAndNothingChanged(request.expecting(413, 400));
    }

    @Property
    void oddEncodingsAreRefused(@ForAll("oddEncodings") HostileRequest request) {
        refusedAndNothingChanged(request);
    }

    @Property
    void mediaTypesThatAreNotPlainJsonAreRefused(@ForAll("weirdContentTypes") HostileRequest request) {
        refusedAndNothingChanged(request);
    }

    @Property
    void workerIdsOutsideThePoolOrNotDecimalAreRefused(@ForAll("oddIdSegments") String segment,
            @ForAll("idCalls") String call, @ForAll("strangerTokens") String token) {
        if (call.equals("GET")) {
            HostileRequest request = HostileRequest.authorized("odd worker ID", "GET", "/workers/" + segment);
            RawResponse response = fixture().raw.send(request);
            if (HostileRequests.namesWorkerId(segment)) {
                // a spelling of a pool ID after decoding (%31, 0001, 1;x=y, 1?x=1): an ordinary read
                assertThat(response.status()).as("%s -> %s", request, response).isEqualTo(200);
                assertThat(response.header("Content-Type")).startsWith("application/json");
                assertThat(response.text()).startsWith("{\"workerId\":");
            }
            else {
                HostileAnswers.assertRefused(request, response, leases().secrets());
            }
            leases().assertUnchangedBy(request);
            return;
        }
        // "host":{} keeps it a refusal even where dot segments turn the path into POST /workers
        String body = "{\"leaseToken\":" + HostileRequests.quote(token) + ",\"lastTimestamp\":1,\"host\":{}}";
        refusedAndNothingChanged(
                HostileRequest.postJson("odd worker ID", "/workers/" + segment + "/" + call, body));
    }

    @Property
    void unusualMethodsAreRefused(@ForAll("unusualMethods") HostileRequest request) {
        RawResponse response = fixture().raw.send(request);
        boolean authorized = request.headerValue("Authorization") != null
                && request.headerValue("Authorization").equals("Bearer " + Fixture.KEY);
        String path = request.target().split("\\?", 2)[0];
        if (response.status() == 200 && request.method().equals("HEAD")) {
            // HEAD is GET without the body (RFC 9110 9.3.2): allowed where GET is, and reads only
            assertThat(authorized || path.startsWith("/actuator") || path.startsWith("/v3"))
                .as("HEAD answered 200 without a key: %s", request).isTrue();
            assertThat(path).as("HEAD answered 200 on %s", path)
                .matches("/workers(/[0-9]+)?|/actuator/health|/v3/api-docs");
            assertThat(response.body()).isEmpty();
        }
        else if (response.status() == 200 && request.method().equals("OPTIONS")) {
            // OPTIONS asks which methods a resource allows (RFC 9110 9.3.7): no body, changes nothing;
            // "OPTIONS *" asks the server as a whole and Tomcat answers it itself
            assertThat(authorized || path.equals("*") || path.startsWith("/actuator") || path.startsWith("/v3"))
                .as("OPTIONS answered 200 without a key: %s", request).isTrue();
            assertThat(response.header("Allow")).as("OPTIONS answer without Allow: %s", response).isNotNull();
            assertThat(response.body()).isEmpty();
        }
        else {
            HostileAnswers.assertRefused(request, response, leases().secrets());
        }
        leases().assertUnchangedBy(request);
    }

    @Property
    void requestsWithoutAValidApiKeyAreRefused(@ForAll("wrongAuthorization") HostileRequest request) {
        refusedAndNothingChanged(request);
    }

    @Property
    void leaseTokensUsedWronglyChangeNothing(@ForAll("tokenMisuse") HostileRequest request) {
        refusedAndNothingChanged(request);
    }

    @Property
    void replayedTokensOfAReleasedLeaseChangeNothing(@ForAll("releasedTokenReplays") HostileRequest request) {
        RawResponse response = fixture().raw.send(request);
        if (request.expected().equals(java.util.Set.of(204))) {
            // a retried release of a released lease is a documented no-op success
            assertThat(response.status()).as("%s -> %s", request, response).isEqualTo(204);
            assertThat(response.body()).isEmpty();
        }
        else {
            HostileAnswers.assertRefused(request, response, leases().secrets());
        }
        leases().assertUnchangedBy(request);
    }

    @Property
    void badFramingAndRequestLinesAreRefused(@ForAll("badFraming") HostileRequest request) {
        refusedAndNothingChanged(request);
    }

    /**
     * HTTP strips optional whitespace (SP, HTAB) around a header value before the application
     * sees it (RFC 9110, section 5.5), so a key with a trailing space is the key; any other
     * trailing control character is refused.
     */
    @Example
    void whitespaceAroundTheKeyIsOptionalWhitespace() {
        for (String authorization : List.of("Bearer " + Fixture.KEY + " ", "Bearer " + Fixture.KEY + "\t",
                "Bearer   " + Fixture.KEY, "bearer " + Fixture.KEY)) {
            HostileRequest request = HostileRequest.authorized("optional whitespace", "GET", "/workers")
                .authorization(authorization);
            assertThat(fixture().raw.send(request).status()).as("%s", request).isEqualTo(200);
        }
        for (String control : List.of("\u000B", "\u000C", "\u001F", "\u0000", "\u0085", "\u00A0")) {
            HostileRequest request = HostileRequest.authorized("trailing control", "GET", "/workers")
                .authorization("Bearer " + Fixture.KEY + control)
                .expecting(400, 401);
            HostileAnswers.assertRefused(request, fixture().raw.send(request), leases().secrets());
        }
    }

    /** The state check is not blind: it sees a registration, and sees it undone. */
    @Example
    void theStateCheckSeesARegistration() {
        HostileRequest register = HostileRequest.postJson("a real registration", "/workers", "{}");
        Lease extra = fixture().register("state-check", null);
        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> leases().assertUnchangedBy(register));
        fixture().release(extra, extra.notBefore() - 1);
        leases().assertUnchangedBy(register);
    }

    final void refusedAndNothingChanged(HostileRequest request) {
        RawResponse response = fixture().raw.send(request);
        HostileAnswers.assertRefused(request, response, leases().secrets());
        leases().assertUnchangedBy(request);
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<HostileRequest> randomJson() {
        return HostileRequests.randomJson(leases().watchedIds());
    }

    @Provide
    Arbitrary<HostileRequest> notJson() {
        return HostileRequests.notJson(leases().watchedIds());
    }

    @Provide
    Arbitrary<HostileRequest> wrongTypes() {
        return HostileRequests.wrongTypes(leases().watchedIds());
    }

    @Provide
    Arbitrary<HostileRequest> hugeBodies() {
        return HostileRequests.hugeBodies(leases().watchedIds());
    }

    @Provide
    Arbitrary<HostileRequest> oddEncodings() {
        return HostileRequests.oddEncodings(leases().watchedIds());
    }

    @Provide
    Arbitrary<HostileRequest> weirdContentTypes() {
        return HostileRequests.weirdContentTypes(leases().watchedIds());
    }

    @Provide
    Arbitrary<String> oddIdSegments() {
        return HostileRequests.oddIdSegments();
    }

    @Provide
    Arbitrary<String> idCalls() {
        return Arbitraries.of("GET", "renew", "release");
    }

    @Provide
    Arbitrary<String> strangerTokens() {
        return HostileRequests.strangerTokens();
    }

    @Provide
    Arbitrary<HostileRequest> badFraming() {
        return HostileRequests.badFraming();
    }

    /**
     * Every method but the mapped ones on every kind of path, with and without a key; the
     * bodies carry a protected lease's real token, so a method mix-up would show as a renewal.
     */
    @Provide
    Arbitrary<HostileRequest> unusualMethods() {
        Lease held = leases().held();
        String body = Fixture.leaseJson(held.token(), held.notBefore());
        Arbitrary<String> methods = Arbitraries.of("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "CONNECT",
                "PROPFIND", "MKCOL", "LINK", "FOO", "post", "get", "Post", "QUERY", "M-POST", "GET2", "X".repeat(200));
        Arbitrary<String> paths = Arbitraries.of("/workers", "/workers/" + held.workerId(),
                "/workers/" + held.workerId() + "/renew", "/workers/" + held.workerId() + "/release", "/workers/1024",
                "/nothing", "/", "/actuator/health", "/v3/api-docs", "*", "/workers/0?_method=POST");
        Arbitrary<String> authorizations = Arbitraries.of("Bearer " + Fixture.KEY, "none", "Bearer wrong");
        Arbitrary<HostileRequest> odd = Combinators.combine(methods, paths, authorizations)
            .as((method, path, authorization) -> HostileRequest.authorized("unusual method", method, path)
                .authorization(authorization.equals("none") ? null : authorization)
                .contentType("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8)));
        // POST where only GET is mapped, and GET where only POST is
        Arbitrary<HostileRequest> swapped = Arbitraries.of(
                HostileRequest.postJson("POST on a read", "/workers/" + held.workerId(), body),
                HostileRequest.postJson("POST on a read", "/workers/" + held.workerId() + "?_method=PUT", body),
                HostileRequest.authorized("GET on a write", "GET", "/workers/" + held.workerId() + "/renew"),
                HostileRequest.authorized("GET on a write", "GET", "/workers/" + held.workerId() + "/release"),
                HostileRequest.authorized("GET with override", "GET", "/workers/" + held.workerId() + "/renew")
                    .header("X-HTTP-Method-Override", "POST"));
        return Arbitraries.frequencyOf(of(6, odd), of(1, swapped));
    }

    /**
     * Requests that would succeed with the right key — reads, a valid registration, the
     * owner's own renew and release — sent with every other kind of {@code Authorization}.
     */
    @Provide
    Arbitrary<HostileRequest> wrongAuthorization() {
        Lease held = leases().held();
        List<HostileRequest> wouldSucceed = List.of(HostileRequest.authorized("read", "GET", "/workers"),
                HostileRequest.authorized("read", "GET", "/workers/" + held.workerId()),
                HostileRequest.postJson("register", "/workers", "{\"name\":\"orders\"}"),
                HostileRequest.postJson("renew", "/workers/" + held.workerId() + "/renew",
                        Fixture.leaseJson(held.token(), null)),
                HostileRequest.postJson("release", "/workers/" + held.workerId() + "/release",
                        Fixture.leaseJson(held.token(), held.notBefore())));
        Arbitrary<HostileRequest> single = Combinators.combine(Arbitraries.of(wouldSucceed), wrongAuthorizations())
            .as((request, authorization) -> request.label(request.label() + " with a wrong key")
                .authorization(authorization.orElse(null))
                .expecting(401, 400));
        Arbitrary<HostileRequest> wrongThenRight = Combinators.combine(Arbitraries.of(wouldSucceed),
                wrongAuthorizations().filter(java.util.Optional::isPresent))
            .as((request, authorization) -> request.label(request.label() + " with a wrong key, then the right one")
                .authorization(authorization.get())
                .header("Authorization", "Bearer " + Fixture.KEY)
                .expecting(401, 400));
        return Arbitraries.frequencyOf(of(5, single), of(1, wrongThenRight));
    }

    /** HTTP trims optional whitespace (SP, HTAB) around a field value; the scheme is case-insensitive. */
    private static final Pattern VALID_AUTHORIZATION = Pattern.compile(
            "[ \t]*bearer +(" + Pattern.quote(Fixture.KEY) + "|" + Pattern.quote(Fixture.OTHER_KEY) + ")[ \t]*",
            Pattern.CASE_INSENSITIVE);

    /** {@code Authorization} values (or none) that name no configured key. */
    static Arbitrary<java.util.Optional<String>> wrongAuthorizations() {
        String key = Fixture.KEY;
        Arbitrary<String> fixed = Arbitraries.of("", "Bearer", "Bearer ", "Bearer  ", "Bearer wrong-key",
                "Basic " + base64(key), "Basic " + base64("user:" + key), "Basic " + base64(key + ":"), "Token " + key,
                key, "Bearer " + key.toUpperCase(Locale.ROOT), "Bearer " + key.substring(0, key.length() - 1),
                "Bearer " + key + "x", "Bearer " + key + "," + key, "Bearer " + key + ", Bearer " + key,
                "Bearer Bearer " + key, "Bearer \"" + key + "\"", "Bearer " + key + "\u00A0", "Bearer\t" + key,
                "Bearer:" + key, "Bearer=" + key, "BearerX " + key, "Bearer " + key.replace('-', '_'),
                "Bearer " + base64(key), "Bearer " + key + " " + key, "Bearer " + "k".repeat(7000),
                "Bearer " + key + "\u0000", "Bearer " + key + "\u000B", "Bearer " + key + "\u000C",
                "Bearer " + key + "\u001F", "Bearer " + key + "\u0085", "Bearer %66uzz-key-1", "Bearer " + key + "%20",
                "\u000B Bearer " + key, "Bearer " + key + "\r", "Bearer " + key + ";", "Bearer " + key + ".",
                "Digest username=\"" + key + "\"", "Bearer " + key.replace("1", "\u0661"), "Bearer *", "Bearer null",
                "Bearer " + "A".repeat(9000));
        Arbitrary<String> mutated = Combinators
            .combine(Arbitraries.integers().between(0, key.length() - 1), Arbitraries.chars().range(' ', '\u00FF'),
                    Arbitraries.of("replace", "insert", "delete"))
            .as((at, c, how) -> "Bearer " + switch (how) {
                case "replace" -> key.substring(0, at) + c + key.substring(at + 1);
                case "insert" -> key.substring(0, at) + c + key.substring(at);
                default -> key.substring(0, at) + key.substring(at + 1);
            });
        Arbitrary<String> random = Arbitraries.strings().withCharRange(' ', '\u00FF').ofMaxLength(80)
            .map((text) -> "Bearer " + text);
        return Arbitraries.frequencyOf(of(1, Arbitraries.just(java.util.Optional.<String>empty())),
                of(6, Arbitraries.oneOf(fixed, mutated, random)
                    .filter((value) -> !VALID_AUTHORIZATION.matcher(value).matches())
                    .map(java.util.Optional::of)));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A protected lease's own token used wrongly: on another ID, with a bad or missing
     * {@code lastTimestamp}, without a valid key, as another media type, in malformed or
     * oversized JSON, altered, in the wrong place, or with a method that does not renew.
     */
    @Provide
    Arbitrary<HostileRequest> tokenMisuse() {
        return Arbitraries.of(leases().live()).flatMap(this::misuses);
    }

    private Arbitrary<HostileRequest> misuses(Lease lease) {
        int id = lease.workerId();
        String token = lease.token();
        String renew = "/workers/" + id + "/renew";
        String release = "/workers/" + id + "/release";
        Arbitrary<String> ownPaths = Arbitraries.of(renew, release);
        String validBody = Fixture.leaseJson(token, lease.notBefore());
        List<Integer> others = new ArrayList<>(leases().watchedIds());
        others.remove(Integer.valueOf(id));

        Arbitrary<HostileRequest> otherId = Combinators
            .combine(Arbitraries.frequencyOf(of(3, Arbitraries.of(others)),
                    of(1, Arbitraries.integers().between(0, 1023).filter((other) -> other != id))),
                    Arbitraries.of("renew", "release"))
            .as((other, call) -> HostileRequest.postJson("own token, another ID", "/workers/" + other + "/" + call,
                    validBody).expecting(409));
        Arbitrary<HostileRequest> badTimestamp = Combinators.combine(ownPaths, HostileRequests.invalidTimestamps())
            .as((path, ts) -> HostileRequest.postJson("own token, bad lastTimestamp", path,
                    "{\"leaseToken\":\"" + token + "\",\"lastTimestamp\":" + ts + "}").expecting(400));
        Arbitrary<HostileRequest> releaseWithoutTimestamp = Arbitraries.of(
                HostileRequest.postJson("release without lastTimestamp", release, "{\"leaseToken\":\"" + token + "\"}"),
                HostileRequest.postJson("release with null lastTimestamp", release,
                        "{\"leaseToken\":\"" + token + "\",\"lastTimestamp\":null}"))
            .map((request) -> request.expecting(400));
        Arbitrary<HostileRequest> wrongKey = Combinators.combine(ownPaths, wrongAuthorizations())
            .as((path, authorization) -> HostileRequest.postJson("own token, wrong key", path, validBody)
                .authorization(authorization.orElse(null))
                .expecting(401, 400));
        Arbitrary<HostileRequest> wrongType = Combinators.combine(ownPaths, Arbitraries.of("none", "", "text/plain",
                "text/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
                "application/octet-stream", "application/jsonx", "json", "application/x-yaml"))
            .as((path, type) -> HostileRequest.postJson("own token, not JSON", path, validBody)
                .contentType(type.equals("none") ? null : type)
                .expecting(415));
        Arbitrary<HostileRequest> malformed = Combinators.combine(ownPaths, malformations(validBody, token))
            .as((path, body) -> HostileRequest.postJson("own token, malformed JSON", path, body).expecting(400));
        Arbitrary<HostileRequest> altered = Combinators.combine(ownPaths, alterations(token))
            .as((path, other) -> HostileRequest.postJson("altered token", path,
                    "{\"leaseToken\":" + HostileRequests.quote(other) + ",\"lastTimestamp\":" + lease.notBefore() + "}")
                .expecting(400, 409));
        Arbitrary<HostileRequest> elsewhere = ownPaths.flatMap((path) -> Arbitraries.of(
                HostileRequest
                    .authorized("token in the query", "POST", path + "?leaseToken=" + token + "&lastTimestamp=1")
                    .contentType("application/json")
                    .expecting(400),
                HostileRequest.authorized("token in a header", "POST", path)
                    .header("X-Lease-Token", token)
                    .contentType("application/json")
                    .expecting(400),
                HostileRequest.authorized("token as a form", "POST", path)
                    .contentType("application/x-www-form-urlencoded")
                    .body(("leaseToken=" + token + "&lastTimestamp=1").getBytes(StandardCharsets.US_ASCII))
                    .expecting(415),
                HostileRequest.authorized("token in a multipart form", "POST", path)
                    .contentType("multipart/form-data; boundary=b")
                    .body(("--b\r\nContent-Disposition: form-data; name=\"leaseToken\"\r\n\r\n" + token
                            + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII))
                    .expecting(415)));
        Arbitrary<HostileRequest> oversized = Combinators
            .combine(ownPaths, Arbitraries.integers().between(4097 - validBody.length(), 300_000),
                    Arbitraries.of(Framing.LENGTH, Framing.CHUNKED))
            .as((path, padding, framing) -> HostileRequest.postJson("own token, oversized", path,
                    validBody + " ".repeat(padding)).framing(framing).expecting(413));
        Arbitrary<HostileRequest> wrongMethod = Combinators
            .combine(Arbitraries.of("PUT", "PATCH", "DELETE", "GET", "post", "Post"), ownPaths)
            .as((method, path) -> HostileRequest.postJson("own token, wrong method", path, validBody)
                .method(method)
                .expecting(405, 403));
        Arbitrary<HostileRequest> wrongPath = Arbitraries.of(renew + "/", renew.toUpperCase(Locale.ROOT),
                renew + ".json", renew + "%00", renew + "x", release + "/", "/workers/renew", "/workers/" + id,
                "/workers/" + id + "/",
                "/Workers/" + id + "/renew", "/workers/" + id + "/renew/" + id, "/v2/workers/" + id + "/renew",
                "/workers/" + id + "%2Frenew", "/workers/" + id + "/renew%20")
            .map((path) -> HostileRequest.postJson("own token, wrong path", path, validBody));
        return Arbitraries.oneOf(otherId, badTimestamp, releaseWithoutTimestamp, wrongKey, wrongType, malformed,
                altered, elsewhere, oversized, wrongMethod, wrongPath);
    }

    /** Broken JSON around a real token; a duplicate name keeps the bad value last (last wins). */
    private static Arbitrary<String> malformations(String valid, String token) {
        Arbitrary<String> truncated = Arbitraries.integers().between(0, valid.length() - 1)
            .map((length) -> valid.substring(0, length));
        Arbitrary<String> trailing = Arbitraries.of("x", "}", "{}", ",", "\u0000", " garbage", "]", "\"", "/*", "//x",
                " {\"leaseToken\":\"x\"}", ";", "\n--", "null").map((tail) -> valid + tail);
        Arbitrary<String> other = Arbitraries.of(valid.replace("\"", "'"),
                valid.replace("\"leaseToken\"", "leaseToken"), valid.replace("}", ",}"),
                valid.replace(":", ": /* c */"),
                valid.replace(",", ",,"), valid.replace("{", "{,"), "[" + valid + "]", "{\"leaseToken\":\"" + token
                        + "\",\"leaseToken\":5}",
                "{\"leaseToken\":\"" + token + "\",\"leaseToken\":\"x y\"}", valid.replace(":", "="),
                "\uFEFF" + valid + "\uFEFF", valid.replace("\"" + token + "\"", "\"" + token + "\"\"\""),
                valid.replace("\"leaseToken\"", "\"leaseToken\u0000\""));
        return Arbitraries.oneOf(truncated, trailing, other);
    }

    /** Strings that are not the token, though close to it. */
    private static Arbitrary<String> alterations(String token) {
        Arbitrary<String> flipped = Arbitraries.integers().between(0, token.length() - 1).map((at) -> {
            char c = token.charAt(at);
            char other = Character.isUpperCase(c) ? Character.toLowerCase(c)
                    : Character.isLowerCase(c) ? Character.toUpperCase(c) : (c == '-') ? '_' : (c == '_') ? '-' : 'x';
            if (other == c || (c == 'x' && other == 'x')) {
                other = (c == 'y') ? 'z' : 'y';
            }
            return token.substring(0, at) + other + token.substring(at + 1);
        });
        Arbitrary<String> shorter = Arbitraries.integers().between(0, token.length() - 1)
            .map((n) -> token.substring(0, n));
        Arbitrary<String> longer = Arbitraries.strings().withChars("abcXYZ019_-").ofMinLength(1).ofMaxLength(40)
            .map((tail) -> token + tail);
        Arbitrary<String> padded = Arbitraries.of(" " + token, token + " ", "\t" + token, token + "\n",
                token + "\u0000", "\u200B" + token, token.substring(0, 5) + "%" + token.substring(5), token + "\uFEFF");
        return Arbitraries.oneOf(flipped, shorter, longer, padded).filter((other) -> !other.equals(token));
    }

    /**
     * The spent token of the released lease, and the other protected tokens replayed where
     * they hold nothing: renewals anywhere, releases of other IDs. A retried release of the
     * released ID with a {@code lastTimestamp} no later than the original one is a
     * documented no-op (204).
     */
    @Provide
    Arbitrary<HostileRequest> releasedTokenReplays() {
        ProtectedLeases leases = leases();
        Lease released = leases.released;
        List<Integer> ids = leases.watchedIds();
        Arbitrary<Integer> anyId = Arbitraries.frequencyOf(of(3, Arbitraries.of(ids)),
                of(1, Arbitraries.integers().between(0, 1023)));
        Arbitrary<Long> upToRelease = Arbitraries.longs().between(0, leases.releasedAt);
        Arbitrary<HostileRequest> renewals = Combinators
            .combine(anyId, Arbitraries.oneOf(upToRelease, HostileRequests.validTimestamps()).injectNull(0.3))
            .as((id, ts) -> HostileRequest.postJson("spent token renews", "/workers/" + id + "/renew",
                    Fixture.leaseJson(released.token(), ts)).expecting(409));
        Arbitrary<HostileRequest> retriedRelease = upToRelease
            .map((ts) -> HostileRequest.postJson("spent token released again", "/workers/" + released.workerId()
                    + "/release", Fixture.leaseJson(released.token(), ts)).expecting(204));
        Arbitrary<HostileRequest> releaseElsewhere = Combinators
            .combine(anyId.filter((id) -> id != released.workerId()), HostileRequests.validTimestamps())
            .as((id, ts) -> HostileRequest.postJson("spent token releases another ID", "/workers/" + id + "/release",
                    Fixture.leaseJson(released.token(), ts)).expecting(409));
        return Arbitraries.oneOf(renewals, retriedRelease, releaseElsewhere);
    }

}
