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
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * An optional tuning, off unless {@code example.ids.fast-path.enabled=true}: answers
 * the plainest {@code GET /ids} requests without Spring MVC's dispatch. It calls
 * {@link IdController#ids} and writes with {@link IssuedIdsTextConverter}, so the
 * answers are the controller's; it only skips looking the handler up, resolving its
 * argument and negotiating a format there is no choice of.
 * <p>
 * Only requests that Spring MVC would answer with text take this path: no
 * {@code Accept}, or a single {@code *}{@code /*} or {@code text/plain}, and at most
 * one {@code count}. A count the controller refuses and a generator that refuses to
 * issue go on down the chain to Spring MVC, which answers them as it always does.
 * Registered after Spring's {@link ServerHttpObservationFilter}, so these requests
 * still count in {@code http.server.requests}, with {@code uri="/ids"}.
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
        ServerHttpObservationFilter.findObservationContext(request).ifPresent((context) -> context.setPathPattern(PATH));
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
