package dev.snowcloud.example.ids;

import java.time.Duration;

import dev.snowcloud.id.ClockMovedBackwardsException;
import dev.snowcloud.id.LeaseUnavailableException;
import dev.snowcloud.id.SnowflakeException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every failure as {@code application/problem+json}: bad input
 * {@code 400}; a generator that refuses to issue {@code 503} with
 * {@code Retry-After}, since it resumes once its lease or clock is back.
 */
@RestControllerAdvice
public class IdProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badRequest(IdRequestException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Invalid ID request");
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> leaseUnavailable(LeaseUnavailableException ex) {
        return unavailable("No worker lease", ex, Duration.ofSeconds(1));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> clockMovedBackwards(ClockMovedBackwardsException ex) {
        return unavailable("Clock moved backwards", ex, Duration.ofMillis(ex.behindMillis()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(SnowflakeException ex) {
        return unavailable("Cannot issue IDs", ex, Duration.ofSeconds(1));
    }

    private static ResponseEntity<ProblemDetail> unavailable(String title, SnowflakeException ex, Duration retryAfter) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
        problem.setTitle(title);
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
            .body(problem);
    }

}
