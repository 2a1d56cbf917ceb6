package dev.snowcloud.delegator.web;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Response;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes every problem detail (RFC 9457) the delegator answers with, whichever way the failure
 * came: the exception handler, the error controller, the servlet filters and Tomcat's error
 * report valve. One writer gives one shape on the wire: {@code application/problem+json}, the
 * members in the RFC's order ({@code type} left out when it is {@code about:blank}),
 * extension members after them, a {@code Content-Length}, and {@code Retry-After} in whole
 * seconds when a retry is worth it.
 * <p>
 * The JSON is pure ASCII (anything else is escaped), so its bytes are the same whatever
 * character encoding a path writes with: Tomcat's error report writer encodes in ISO-8859-1.
 * The writer keeps its own JSON mapper, because the valve runs outside the application
 * context.
 */
public final class ProblemWriter {

    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    /** A problem with the status's reason phrase as title unless one is given. */
    public static ProblemDetail problem(HttpStatusCode status, @Nullable URI type, @Nullable String title,
            @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (type != null) {
            problem.setType(type);
        }
        if (title != null) {
            problem.setTitle(title);
        }
        return problem;
    }

    /**
     * Writes the problem; its {@code instance} defaults to the request target when that is a
     * URI (a malformed one stays out of the answer).
     */
    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem,
            @Nullable Duration retryAfter) throws IOException {
        if (problem.getInstance() == null && MalformedRequestFilter.isUri(request.getRequestURI())) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        write(response, problem, retryAfter);
    }

    /** Writes the problem as it is, without an {@code instance} unless it has one. */
    public void write(HttpServletResponse response, ProblemDetail problem, @Nullable Duration retryAfter)
            throws IOException {
        byte[] body = render(problem);
        response.setStatus(problem.getStatus());
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /**
     * Writes a problem with the given members; {@code instance} is left out when it is
     * {@code null} or not a URI (a filter in front of {@link MalformedRequestFilter} may see a
     * malformed request target).
     */
    public void write(HttpServletResponse response, HttpStatus status, @Nullable URI type, String detail,
            @Nullable String instance) throws IOException {
        ProblemDetail problem = problem(status, type, null, detail);
        if (instance != null && MalformedRequestFilter.isUri(instance)) {
            problem.setInstance(URI.create(instance));
        }
        write(response, problem, null);
    }

    /**
     * Writes the problem as Tomcat's error report, through the writer Tomcat hands out for it
     * once a request failed before any servlet ran; does nothing when Tomcat has none to give.
     */
    void report(Response response, ProblemDetail problem) throws IOException {
        byte[] body = render(problem);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        Writer writer = response.getReporter();
        if (writer != null) {
            response.setContentLength(body.length);
            writer.write(new String(body, StandardCharsets.US_ASCII));
            response.finishResponse();
        }
    }

    static byte[] render(ProblemDetail problem) {
        Map<String, @Nullable Object> members = new LinkedHashMap<>();
        URI type = problem.getType();
        if (type != null && !ABOUT_BLANK.equals(type)) {
            members.put("type", type.toString());
        }
        if (problem.getTitle() != null) {
            members.put("title", problem.getTitle());
        }
        members.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            members.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            members.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(members::putIfAbsent);
        }
        return JSON.writeValueAsBytes(members);
    }

    /** Whole seconds, rounded up, at least 1. */
    static long retryAfterSeconds(Duration duration) {
        long millis = Math.max(duration.toMillis(), 1);
        return Math.max(1, (millis + 999) / 1000);
    }

}
