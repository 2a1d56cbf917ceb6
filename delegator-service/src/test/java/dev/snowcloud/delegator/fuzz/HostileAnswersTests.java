package dev.snowcloud.delegator.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The checker the fuzz properties rely on fails where it must: crafted answers, parsed from
 * the wire by {@link RawHttp}, that break each rule.
 */
class HostileAnswersTests {

    private static final String TOKEN = "scYYwLF3ZLEqlq4orpYo4Q";

    @Test
    void aWellFormedRefusalPasses() throws IOException {
        assertThat(violations("GET", wire(404, "application/problem+json",
                "{\"type\":\"urn:snowcloud:problem:unknown-worker\",\"title\":\"Unknown worker ID\",\"status\":404,"
                        + "\"detail\":\"Worker ID 1024 is outside 0..1023\",\"instance\":\"/workers/1024\"}")))
            .isEmpty();
    }

    @Test
    void aServerErrorFailsEvenAsAProblem() throws IOException {
        assertThat(violations("POST", wire(500, "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,"
                        + "\"detail\":\"Internal error\"}")))
            .containsExactly("status 500 is not 4xx");
        assertThat(violations("POST", wire(503, "application/problem+json",
                "{\"title\":\"Service Unavailable\",\"status\":503}"))).containsExactly("status 503 is not 4xx");
    }

    @Test
    void aSuccessFails() throws IOException {
        assertThat(violations("POST",
                wire(201, "application/json", "{\"workerId\":4,\"leaseToken\":\"" + TOKEN + "\"}")))
            .contains("status 201 is not 4xx", "Content-Type application/json is not application/problem+json")
            .anyMatch((violation) -> violation.contains("shows a secret"));
    }

    @Test
    void aStackTraceFails() throws IOException {
        String trace = "java.lang.IllegalArgumentException: Content-Type cannot contain wildcard type\\n"
                + "\\tat org.springframework.util.Assert.isTrue(Assert.java:117)\\n"
                + "\\tat dev.snowcloud.delegator.web.WorkerController.renew(WorkerController.java:80)";
        assertThat(violations("POST", wire(400, "application/problem+json",
                "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"" + trace + "\"}")))
            .contains("body shows a stack frame", "detail says 'java.'");
    }

    @Test
    void bootsDefaultErrorAttributesFail() throws IOException {
        assertThat(violations("POST", wire(400, "application/json",
                "{\"timestamp\":\"2026-11-28T07:00:00Z\",\"status\":400,\"error\":\"Bad Request\","
                        + "\"exception\":\"org.springframework.http.converter.HttpMessageNotReadableException\","
                        + "\"trace\":\"...\",\"path\":\"/workers\"}")))
            .contains("Content-Type application/json is not application/problem+json",
                    "member title null is not a non-blank string", "exception says 'exception'",
                    "trace says 'trace'");
    }

    @Test
    void anHtmlErrorPageFails() throws IOException {
        assertThat(violations("GET", wire(400, "text/html;charset=utf-8",
                "<!doctype html><html><body><h1>HTTP Status 400 – Bad Request</h1>Apache Tomcat/11.0</body></html>")))
            .contains("Content-Type text/html;charset=utf-8 is not application/problem+json", "body is an HTML page",
                    "body is not JSON");
    }

    @Test
    void aProblemWhoseStatusOrTitleIsWrongFails() throws IOException {
        assertThat(violations("POST",
                wire(400, "application/problem+json", "{\"title\":\"Bad Request\",\"status\":500}")))
            .containsExactly("member status 500 is not 400");
        assertThat(violations("POST", wire(400, "application/problem+json", "{\"title\":\" \",\"status\":400}")))
            .containsExactly("member title \" \" is not a non-blank string");
        assertThat(violations("POST", wire(400, "application/problem+json", "[400]"))).containsExactly(
                "body is not a JSON object");
        assertThat(violations("POST", wire(400, "application/problem+json",
                "{\"title\":\"Bad Request\",\"status\":400} trailing"))).containsExactly("body is not JSON");
    }

    @Test
    void leakedInsidesFail() throws IOException {
        assertThat(violations("POST", wire(409, "application/problem+json",
                "{\"title\":\"Conflict\",\"status\":409,"
                        + "\"detail\":\"ERR Error running script (call to f_1): @user_script:12\","
                        + "\"errors\":[{\"field\":\"leaseToken\",\"message\":\"Lua redis() command arguments\"}]}")))
            .contains("detail says 'ERR'", "errors[].message says 'Lua'");
        assertThat(violations("POST", wire(409, "application/problem+json",
                "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"Lease held by " + TOKEN + "\"}")))
            .containsExactly("detail shows a secret");
    }

    @Test
    void theInstanceMayEchoTheRequestPath() throws IOException {
        assertThat(violations("GET", wire(400, "application/problem+json",
                "{\"title\":\"Bad Request\",\"status\":400,\"instance\":\"/workers/java.lang.Exception\"}")))
            .isEmpty();
    }

    @Test
    void refusalsNeedTheirHeaders() throws IOException {
        assertThat(violations("GET",
                wire(401, "application/problem+json", "{\"title\":\"Unauthorized\",\"status\":401}")))
            .containsExactly("401 without WWW-Authenticate: Bearer");
        assertThat(violations("PUT", wire(405, "application/problem+json",
                "{\"title\":\"Method Not Allowed\",\"status\":405}"))).containsExactly("405 without Allow");
    }

    @Test
    void aHeadAnswerMustHaveNoBody() throws IOException {
        RawResponse head = RawHttp.read(new ByteArrayInputStream(
                "HTTP/1.1 404 \r\nContent-Type: application/problem+json\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                "HEAD");
        assertThat(HostileAnswers.refusalViolations("HEAD", head, List.of())).isEmpty();
        RawResponse withBody = new RawResponse(404, head.headers(), "{}".getBytes(StandardCharsets.US_ASCII));
        assertThat(HostileAnswers.refusalViolations("HEAD", withBody, List.of())).containsExactly(
                "HEAD answer has a body");
    }

    @Test
    void assertRefusedThrowsWithTheRequestAndTheAnswer() throws IOException {
        HostileRequest request = HostileRequest.postJson("crafted", "/workers/0/renew", "{}").expecting(409);
        RawResponse answer = RawHttp.read(wire(400, "application/problem+json",
                "{\"title\":\"Bad Request\",\"status\":400}"), "POST");
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> HostileAnswers.assertRefused(request, answer, List.of()))
            .withMessageContaining("status 400 is not one of [409]")
            .withMessageContaining("POST /workers/0/renew");
    }

    private static List<String> violations(String method, ByteArrayInputStream wire) throws IOException {
        return HostileAnswers.refusalViolations(method, RawHttp.read(wire, method), List.of(TOKEN, Fixture.KEY));
    }

    /** An answer on the wire, chunked as Spring MVC sends its problems. */
    private static ByteArrayInputStream wire(int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " \r\nContent-Type: " + contentType + "\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(bytes.length) + "\r\n";
        byte[] start = head.getBytes(StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        wire.writeBytes(start);
        wire.writeBytes(bytes);
        wire.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return new ByteArrayInputStream(wire.toByteArray());
    }

}
