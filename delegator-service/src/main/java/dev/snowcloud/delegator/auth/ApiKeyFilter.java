package dev.snowcloud.delegator.auth;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.snowcloud.delegator.web.ProblemWriter;
import dev.snowcloud.delegator.web.Problems;

/**
 * Lets a request through only with {@code Authorization: Bearer <key>} for an accepted key;
 * answers anything else with 401 and {@code WWW-Authenticate: Bearer}. Deny by default: only
 * the actuator, the OpenAPI documents and the dashboard's page are open. Reading the pool
 * ({@code GET /workers}, {@code GET /workers/{id}}) also takes what {@link ReadAccess}
 * accepts: a read-only key, or the dashboard's session cookie. Paths are compared after the
 * servlet container normalized them (no {@code ..}, no {@code ;params}). Keys never reach a
 * log.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;

    private final ProblemWriter problems;

    private final @Nullable ReadAccess readers;

    public ApiKeyFilter(ApiKeys keys, ProblemWriter problems) {
        this(keys, problems, null);
    }

    public ApiKeyFilter(ApiKeys keys, ProblemWriter problems, @Nullable ReadAccess readers) {
        this.keys = keys;
        this.problems = problems;
        this.readers = readers;
    }

    /** Paths open without a key: these and everything below them. */
    private static final List<String> OPEN = List.of("/actuator", "/v3/api-docs", "/swagger-ui", "/swagger-ui.html",
            "/dashboard");

    /** The reads a read-only credential may make: the pool and one worker ID. */
    private static final Pattern READ = Pattern.compile("/workers(/[^/]+)?");

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
        if (!this.keys.accepts(presented) && !mayRead(request, presented)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"snowcloud\"");
            this.problems.write(response, HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED,
                    (authorization == null) ? "Missing API key: send Authorization: Bearer <api-key>"
                            : "Unknown API key",
                    request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean mayRead(HttpServletRequest request, @Nullable String presented) {
        if (this.readers == null || !(request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))
                || !READ.matcher(request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), ""))
                    .matches()) {
            return false;
        }
        if (presented != null) {
            return this.readers.acceptsKey(presented);
        }
        Cookie[] cookies = request.getCookies();
        boolean granted = false;
        for (Cookie cookie : (cookies != null) ? cookies : new Cookie[0]) {
            granted |= ReadAccess.COOKIE.equals(cookie.getName()) && this.readers.acceptsSession(cookie.getValue());
        }
        return granted;
    }

}
