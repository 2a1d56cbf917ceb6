package dev.snowcloud.delegator.dashboard;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.snowcloud.delegator.auth.ReadAccess;
import dev.snowcloud.delegator.web.ProblemWriter;
import dev.snowcloud.delegator.web.Problems;

/**
 * The pool dashboard: one static page (its script and style sheet are served from
 * {@code static/dashboard/}) that reads {@code GET /workers} with a session cookie, and the
 * sign-in that trades a read-only key for that cookie. The key travels only in a POST body;
 * the cookie is {@code HttpOnly} and {@code SameSite=Strict}, and is only accepted for reads.
 */
@RestController
@RequestMapping("/dashboard")
class DashboardController {

    /** Everything the page loads comes from this origin; no inline script, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'";

    private static final Resource PAGE = new ClassPathResource("static/dashboard/index.html");

    private final ReadAccess readers;

    private final ProblemWriter problems;

    DashboardController(ReadAccess readers, ProblemWriter problems) {
        this.readers = readers;
        this.problems = problems;
    }

    /** Sends {@code /dashboard} to {@code /dashboard/}, so that the page's relative links resolve. */
    @GetMapping
    ResponseEntity<Void> slash() {
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("dashboard/")).build();
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok()
            .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            .header("X-Content-Type-Options", "nosniff")
            .header("Referrer-Policy", "no-referrer")
            .cacheControl(CacheControl.noStore())
            .contentType(MediaType.TEXT_HTML)
            .body(PAGE);
    }

    @PostMapping(path = "/session", consumes = MediaType.APPLICATION_JSON_VALUE)
    void signIn(@RequestBody SignIn signIn, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String session = this.readers.openSession(signIn.key());
        if (session == null) {
            this.problems.write(request, response,
                    ProblemWriter.problem(HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, null, "Unknown key"), null);
            return;
        }
        response.setStatus(HttpStatus.NO_CONTENT.value());
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(session, this.readers.sessionTtl().toSeconds(), request));
    }

    @DeleteMapping("/session")
    ResponseEntity<Void> signOut(HttpServletRequest request) {
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie("", 0, request)).build();
    }

    private static String cookie(String value, long maxAgeSeconds, HttpServletRequest request) {
        return ResponseCookie.from(ReadAccess.COOKIE, value)
            .httpOnly(true)
            .secure(request.isSecure())
            .sameSite("Strict")
            .path("/")
            .maxAge(maxAgeSeconds)
            .build()
            .toString();
    }

    /**
     * Body of {@code POST /dashboard/session}.
     *
     * @param key a read-only key or an API key
     */
    record SignIn(@Nullable String key) {

        @Override
        public String toString() {
            return "SignIn[key=***]";
        }

    }

}
