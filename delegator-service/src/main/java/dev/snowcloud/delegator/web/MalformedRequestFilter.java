package dev.snowcloud.delegator.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses malformed requests that Tomcat lets through but Spring MVC fails on with a 500:
 * <ul>
 * <li>a {@code Content-Type} that is a wildcard ({@code *}{@code /*}, {@code application/*},
 * {@code application/*+json}) gets 415. It names no media type, and
 * {@code ServletServerHttpRequest} hands it to {@code HttpHeaders.setContentType}, whose
 * assertion throws while the body is read (spring-framework#27957).
 * <li>a request target that is not a URI gets 400. Tomcat decodes and checks the path but
 * not its path parameters, so {@code /workers/1;%/renew} gets through; Spring MVC then
 * builds every problem's {@code instance} with {@code URI.create(requestURI)}, which throws.
 * </ul>
 */
public final class MalformedRequestFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    public MalformedRequestFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isUri(request.getRequestURI())) {
            this.problems.write(response, HttpStatus.BAD_REQUEST, null, "Request target is not a valid URI", null);
            return;
        }
        if (isWildcard(request.getContentType())) {
            response.setHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
            this.problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, null,
                    "Content-Type must name a media type, not a wildcard", request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isUri(String requestUri) {
        try {
            new URI(requestUri);
            return true;
        }
        catch (URISyntaxException ex) {
            return false;
        }
    }

    static boolean isWildcard(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        }
        catch (InvalidMediaTypeException ex) {
            // Spring MVC refuses an unparseable Content-Type with 415 itself
            return false;
        }
    }

}
