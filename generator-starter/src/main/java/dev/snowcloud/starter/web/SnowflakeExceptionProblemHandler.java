package dev.snowcloud.starter.web;

import java.time.Duration;

import dev.snowcloud.id.ClockMovedBackwardsException;
import dev.snowcloud.id.LeaseFenceException;
import dev.snowcloud.id.LeaseUnavailableException;
import dev.snowcloud.id.SnowflakeException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a generator's refusal to issue as {@code 503} problem+json with
 * {@code Retry-After}: one second for a missing lease (a renewal or a new
 * registration is under way), the clock's lag for a clock that stepped back.
 * <p>
 * Ordered last among controller advice, so an application's own
 * {@code @ExceptionHandler} for a {@link SnowflakeException} (or a supertype,
 * such as a catch-all for {@code Exception}) answers instead: one in the
 * controller itself always does, one in a {@code @ControllerAdvice} does
 * unless it is explicitly ordered after this one.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class SnowflakeExceptionProblemHandler {

    private static final Duration LEASE_RETRY = Duration.ofSeconds(1);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(SnowflakeException ex) {
        if (ex instanceof LeaseFenceException) {
            return unavailable("Worker lease fence reached", ex, LEASE_RETRY);
        }
        if (ex instanceof LeaseUnavailableException) {
            return unavailable("No worker lease", ex, LEASE_RETRY);
        }
        if (ex instanceof ClockMovedBackwardsException clock) {
            return unavailable("Clock moved backwards", ex, Duration.ofMillis(clock.behindMillis()));
        }
        return unavailable("Cannot issue IDs", ex, LEASE_RETRY);
    }

    private static ResponseEntity<ProblemDetail> unavailable(String title, SnowflakeException ex,
            Duration retryAfter) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
        problem.setTitle(title);
        // Retry-After counts whole seconds: round up, and never tell a client to retry at once.
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
            .body(problem);
    }

}
