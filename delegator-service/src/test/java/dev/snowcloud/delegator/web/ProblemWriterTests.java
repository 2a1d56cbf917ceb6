package dev.snowcloud.delegator.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemWriterTests {

    private final ProblemWriter writer = new ProblemWriter();

    @Test
    void membersFollowTheRfcOrderWithExtensionsLast() throws Exception {
        ProblemDetail problem = ProblemWriter.problem(HttpStatus.CONFLICT, URI.create("urn:test:conflict"), "Lease not held",
                "not yours");
        problem.setProperty("errors", java.util.List.of("x"));
        MockHttpServletResponse response = new MockHttpServletResponse();
        this.writer.write(new MockHttpServletRequest("POST", "/workers/1/renew"), response, problem, null);
        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).isEqualTo("{\"type\":\"urn:test:conflict\",\"title\":\"Lease not held\","
                + "\"status\":409,\"detail\":\"not yours\",\"instance\":\"/workers/1/renew\",\"errors\":[\"x\"]}");
        assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
        assertThat(response.getHeader("Retry-After")).isNull();
    }

    @Test
    void aBlankTypeAndAnUnknownInstanceAreLeftOut() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        this.writer.write(response, ProblemDetail.forStatus(HttpStatus.BAD_REQUEST), null);
        assertThat(response.getContentAsString()).isEqualTo("{\"title\":\"Bad Request\",\"status\":400}");
    }

    @Test
    void aRequestTargetThatIsNotAUriIsNoInstance() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/workers/1;%/renew");
        MockHttpServletResponse response = new MockHttpServletResponse();
        this.writer.write(request, response, ProblemDetail.forStatus(HttpStatus.BAD_REQUEST), null);
        assertThat(response.getContentAsString()).doesNotContain("instance");
        this.writer.write(response, HttpStatus.UNAUTHORIZED, null, "no key", "/workers/1;%/renew");
        assertThat(response.getContentAsString()).doesNotContain("instance");
    }

    @Test
    void retryAfterIsInWholeSecondsRoundedUp() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        this.writer.write(response, ProblemDetail.forStatus(HttpStatus.SERVICE_UNAVAILABLE), Duration.ofMillis(1001));
        assertThat(response.getHeader("Retry-After")).isEqualTo("2");
        assertThat(ProblemWriter.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
        assertThat(ProblemWriter.retryAfterSeconds(Duration.ofSeconds(3))).isEqualTo(3);
    }

    @Test
    void theBodyIsAsciiWhateverTheDetailSays() {
        byte[] body = ProblemWriter.render(ProblemWriter.problem(HttpStatus.BAD_REQUEST, null, null, "na\u00efve \u2603"));
        assertThat(new String(body, StandardCharsets.US_ASCII)).contains("na\\u00EFve \\u2603");
        for (byte b : body) {
            assertThat(b).isNotNegative();
        }
    }

}
