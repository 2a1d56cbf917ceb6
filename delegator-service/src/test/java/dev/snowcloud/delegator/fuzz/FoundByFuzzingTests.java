package dev.snowcloud.delegator.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.snowcloud.delegator.fuzz.Fixture.Lease;
import dev.snowcloud.delegator.fuzz.HostileRequest.Framing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The requests the fuzz properties first failed on, pinned as examples so they fail
 * deterministically should the fix go away.
 */
class FoundByFuzzingTests {

    static Fixture fixture;

    static Lease lease;

    @BeforeAll
    static void startDelegator() {
        fixture = Fixture.inMemory(Duration.ofHours(1));
        lease = fixture.register("found", null);
    }

    @AfterAll
    static void stopDelegator() {
        fixture.close();
    }

    /** Spring MVC threw on these while reading the body: the answer was a 500. */
    @ParameterizedTest
    @ValueSource(strings = { "*/*", "application/*", "application/*+json", "*/*; charset=UTF-8" })
    void wildcardContentTypesAre415(String contentType) {
        for (String path : List.of("/workers", "/workers/" + lease.workerId() + "/renew",
                "/workers/" + lease.workerId() + "/release")) {
            String body = path.equals("/workers") ? "{\"name\":\"orders\"}"
                    : Fixture.leaseJson(lease.token(), lease.notBefore());
            refusedWithoutChange(HostileRequest.postJson("wildcard Content-Type", path, body)
                .contentType(contentType)
                .expecting(415));
        }
    }

    /**
     * Jackson decoded these leniently: {@code C1 AF} and {@code E0 81 AF} are overlong forms of
     * {@code o}, so {@code "ord\xC1\xAFers"} registered as {@code ordoers}. UTF-16 and UTF-32
     * bodies (guessed from NUL bytes or a byte order mark) registered too.
     */
    @ParameterizedTest
    @ValueSource(strings = { "C1AF", "E081AF", "F08081AF", "C080", "EDA080", "F4908080", "F888808080", "FF", "80" })
    void bodiesThatAreNotWellFormedUtf8Are400(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] body = around("{\"name\":\"ord", bad, "ers\"}");
        refusedWithoutChange(HostileRequest.postJson("not UTF-8", "/workers", "").body(body).expecting(400));
        byte[] renew = around("{\"leaseToken\":\"" + lease.token() + "\",\"x\":\"", bad, "\"}");
        refusedWithoutChange(HostileRequest.postJson("not UTF-8", "/workers/" + lease.workerId() + "/renew", "")
            .body(renew)
            .expecting(400));
    }

    @ParameterizedTest
    @ValueSource(strings = { "UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32" })
    void bodiesInUtf16OrUtf32Are400(String charset) {
        // Java's UTF-16 writes a byte order mark, UTF-16LE and BE do not
        byte[] body = "{\"name\":\"orders\"}".getBytes(java.nio.charset.Charset.forName(charset));
        refusedWithoutChange(HostileRequest.postJson("not UTF-8", "/workers", "").body(body).expecting(400));
    }

    /**
     * Tomcat does not decode path parameters, so a bad escape after {@code ;} got through, and
     * building the problem's {@code instance} from the request URI threw: a 500.
     */
    @ParameterizedTest
    @ValueSource(strings = { "/workers/;%", "/workers/1;%4-", "/workers/{id};%zz/renew", "/workers/{id}/release;%",
            "/actuator/health;%", "/nothing;%" })
    void pathParametersThatAreNoUriAre400(String target) {
        String path = target.replace("{id}", Integer.toString(lease.workerId()));
        HostileRequest request = path.startsWith("/workers/" + lease.workerId())
                ? HostileRequest.postJson("bad escape", path, Fixture.leaseJson(lease.token(), lease.notBefore()))
                : HostileRequest.authorized("bad escape", "GET", path);
        refusedWithoutChange(request.expecting(400));
    }

    /** Spring MVC parsed multipart bodies before looking at the endpoint; a broken one was a 500. */
    @ParameterizedTest
    @ValueSource(strings = { "multipart/mixed", "multipart/form-data", "multipart/form-data; boundary=b" })
    void multipartBodiesAre415(String contentType) {
        refusedWithoutChange(HostileRequest.postJson("multipart", "/workers", "{\"name\":\"orders\"}")
            .contentType(contentType)
            .expecting(415));
        refusedWithoutChange(HostileRequest.postJson("multipart", "/workers/" + lease.workerId() + "/renew", "")
            .contentType(contentType)
            .body(("--b\r\nContent-Disposition: form-data; name=\"leaseToken\"\r\n\r\n" + lease.token()
                    + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII))
            .expecting(415));
    }

    /** Tomcat answered these with 501 and 505 before any servlet ran. */
    @ParameterizedTest
    @ValueSource(strings = { "CONNECT", "TE gzip", "TE chunked, gzip", "HTP/1.1", "HTTP/1.10" })
    void requestsTomcatCannotServeAre400(String what) {
        HostileRequest request = switch (what) {
            case "CONNECT" -> HostileRequest.authorized(what, "CONNECT", "/workers");
            case "HTP/1.1", "HTTP/1.10" -> HostileRequest.authorized(what, "GET", "/workers").version(what);
            default -> HostileRequest.postJson(what, "/workers", "")
                .header("Transfer-Encoding", what.substring(3))
                .framing(Framing.AS_GIVEN);
        };
        refusedWithoutChange(request.expecting(400));
    }

    private static byte[] around(String before, byte[] bytes, String after) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(before.getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(bytes);
        body.writeBytes(after.getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private static void refusedWithoutChange(HostileRequest request) {
        PoolSnapshot before = PoolSnapshot.of(fixture, List.of(lease.workerId()));
        HostileAnswers.assertRefused(request, fixture.raw.send(request), List.of(lease.token()));
        assertThat(PoolSnapshot.of(fixture, List.of(lease.workerId()))).as("pool after %s", request).isEqualTo(before);
    }

}
