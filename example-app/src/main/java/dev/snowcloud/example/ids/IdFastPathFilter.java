package dev.snowcloud.example.ids;

import java.io.IOException;
import java.util.Enumeration;

import dev.snowcloud.id.SnowflakeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpResponse;

/**
 * An optional tuning, off unless {@code example.ids.fast-path.enabled=true}: answers
 * the plainest {@code GET /ids} requests ahead of every other filter and of Spring MVC.
 * It calls {@link IdController#ids} and writes with {@link IssuedIdsTextConverter}, so the
 * answers are the controller's, byte for byte; it only skips the other filters, looking the
 * handler up, resolving its argument and negotiating a format there is no choice of.
 * <p>
 * Only requests that Spring MVC would answer with text take this path: no
 * {@code Accept}, or a single {@code *}{@code /*} or {@code text/plain}, and at most
 * one {@code count}. A count the controller refuses and a generator that refuses to
 * issue go on down the chain to Spring MVC, which answers them as it always does.
 * Running first also skips Spring's {@code ServerHttpObservationFilter}: the requests
 * this path answers are not in {@code http.server.requests} (their IDs still count in
 * {@code snowcloud.ids.generated}).
 */
class IdFastPathFilter extends HttpFilter {

    static final String PATH = "/ids";

    private final IdController controller;

    private final IssuedIdsTextConverter text;

    IdFastPathFilter(IdController controller, IssuedIdsTextConverter text) {
        this.controller = controller;
        this.text = text;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        IssuedIds ids = ("GET".equals(request.getMethod()) && wantsPlainText(request.getHeaders(HttpHeaders.ACCEPT)))
                ? issue(request) : null;
        if (ids == null) {
            chain.doFilter(request, response);
            return;
        }
        this.text.write(ids, MediaType.TEXT_PLAIN, new ServletServerHttpResponse(response));
    }

    /**
     * The controller's answer, or {@code null} for a request it refuses or a repeated
     * {@code count}: Spring MVC answers those.
     */
    private @Nullable IssuedIds issue(HttpServletRequest request) {
        String[] counts = request.getParameterValues("count");
        if (counts != null && counts.length > 1) {
            return null;
        }
        try {
            return this.controller.ids((counts != null) ? counts[0] : null);
        }
        catch (IdRequestException | SnowflakeException ex) {
            return null;
        }
    }

    /**
     * Whether {@code Accept} is absent or a single value Spring MVC answers with text.
     */
    private static boolean wantsPlainText(Enumeration<String> accept) {
        if (!accept.hasMoreElements()) {
            return true;
        }
        String value = accept.nextElement();
        return !accept.hasMoreElements() && ("*/*".equals(value) || MediaType.TEXT_PLAIN_VALUE.equals(value));
    }

}
