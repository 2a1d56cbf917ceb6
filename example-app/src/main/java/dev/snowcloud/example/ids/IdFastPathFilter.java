package dev.snowcloud.example.ids;

import java.io.IOException;
import java.util.Enumeration;

import dev.snowcloud.id.SnowflakeException;
import dev.snowcloud.id.SnowflakeGenerator;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Answers the common {@code GET /ids} requests before Spring MVC's dispatch, which
 * costs more than issuing and writing the IDs themselves (handler lookup, argument
 * resolution, content negotiation: about 40 % of the CPU of a one-ID request).
 * <p>
 * Only the plain cases take this path: method {@code GET}, at most one {@code count}
 * that is a plain decimal number from 1 to {@link IdController#MAX_COUNT}, and no
 * {@code Accept} or a single {@code *}{@code /*}, {@code text/plain} or
 * {@code application/json}. Everything else, and a generator that refuses to issue,
 * goes on down the chain to {@link IdController}, which holds the one definition of
 * every answer, including all errors; the answers are the same either way.
 * <p>
 * Registered after Spring's {@link ServerHttpObservationFilter}, so these requests
 * still count in {@code http.server.requests}, with {@code uri="/ids"}.
 */
public final class IdFastPathFilter implements Filter {

    /** Where the filter is mapped. */
    public static final String PATH = "/ids";

    private static final int NOT_FAST = -1;

    private static final int TEXT = 0;

    private static final int JSON = 1;

    private final SnowflakeGenerator generator;

    public IdFastPathFilter(SnowflakeGenerator generator) {
        this.generator = generator;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse
                && "GET".equals(http.getMethod()) && serve(http, httpResponse)) {
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] counts = request.getParameterValues("count");
        int count;
        if (counts == null) {
            count = 1;
        }
        else if (counts.length == 1) {
            count = plainCount(counts[0]);
        }
        else {
            return false;
        }
        int type = type(request.getHeaders(HttpHeaders.ACCEPT));
        if (count == NOT_FAST || type == NOT_FAST) {
            return false;
        }
        try {
            IdResponses.write(this.generator, count, counts == null, type == JSON, response);
        }
        catch (SnowflakeException ex) {
            // Nothing written yet: the controller asks again and answers 503 as it always does.
            return false;
        }
        ServerHttpObservationFilter.findObservationContext(request).ifPresent((context) -> context.setPathPattern(PATH));
        return true;
    }

    /**
     * The count if it is 1 to 5 decimal digits in {@code 1..MAX_COUNT}, else {@link #NOT_FAST}.
     */
    static int plainCount(String value) {
        int length = value.length();
        if (length == 0 || length > 5) {
            return NOT_FAST;
        }
        int n = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_FAST;
            }
            n = n * 10 + (c - '0');
        }
        return (n >= 1 && n <= IdController.MAX_COUNT) ? n : NOT_FAST;
    }

    /**
     * {@link #TEXT} or {@link #JSON} for no or a single plain {@code Accept} header,
     * else {@link #NOT_FAST}: anything with parameters, lists or qualities is left to
     * the controller's full negotiation.
     */
    static int type(@Nullable Enumeration<String> accept) {
        if (accept == null || !accept.hasMoreElements()) {
            return TEXT;
        }
        String value = accept.nextElement();
        if (accept.hasMoreElements()) {
            return NOT_FAST;
        }
        return switch (value) {
            case "", "*/*", "text/plain" -> TEXT;
            case "application/json" -> JSON;
            default -> NOT_FAST;
        };
    }

}
