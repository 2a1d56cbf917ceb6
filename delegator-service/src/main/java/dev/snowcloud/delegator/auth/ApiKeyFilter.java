package dev.snowcloud.delegator.auth;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.snowcloud.delegator.web.ProblemWriter;
import dev.snowcloud.delegator.web.Problems;

/**
 * Lets a request through only with {@code Authorization: Bearer <key>} for an accepted key;
 * answers anything else with 401 and {@code WWW-Authenticate: Bearer}. Deny by default: only
 * the actuator and the OpenAPI documents are open. Paths are compared after the servlet
 * container normalized them (no {@code ..}, no {@code ;params}). Keys never reach a log.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;

    private final ProblemWriter problems;

    public ApiKeyFilter(ApiKeys keys, ProblemWriter problems) {
        this.keys = keys;
        this.problems = problems;
    }

    /** Paths open without a key: these and everything below them. */
    private static final List<String> OPEN = List.of("/actuator", "/v3/api-docs", "/swagger-ui", "/swagger-ui.html");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), "");
        return OPEN.stream().anyMatch((open) -> path.equals(open) || path.startsWith(open + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String presented = (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                ? authorization.substring(BEARER.length()).strip() : null;
        if (!this.keys.accepts(presented)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"snowcloud\"");
            this.problems.write(response, HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED,
                    (authorization == null) ? "Missing API key: send Authorization: Bearer <api-key>"
                            : "Unknown API key",
                    request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }

}
