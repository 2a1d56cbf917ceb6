package dev.snowcloud.delegator.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.snowcloud.delegator.lease.LeaseConflictException;
import dev.snowcloud.delegator.lease.PoolExhaustedException;
import dev.snowcloud.delegator.lease.PoolUnavailableException;
import dev.snowcloud.delegator.lease.ReplicaSettingsConflictException;
import dev.snowcloud.delegator.lease.StoreRecoveringException;
import dev.snowcloud.delegator.lease.UnknownWorkerException;

/**
 * Turns every failure into an {@code application/problem+json} response: the lease domain's
 * exceptions here, Spring MVC's own (400, 404, 405, 406, 415, ...) through
 * {@link ResponseEntityExceptionHandler}, and anything unexpected into a 500 that says
 * nothing about the code.
 */
@RestControllerAdvice
class LeaseProblemHandler extends ResponseEntityExceptionHandler {

    private static final Log logger = LogFactory.getLog(LeaseProblemHandler.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> conflict(LeaseConflictException ex) {
        return problem(HttpStatus.CONFLICT, Problems.LEASE_CONFLICT, "Lease not held", ex.getMessage(), null);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unknownWorker(UnknownWorkerException ex) {
        return problem(HttpStatus.NOT_FOUND, Problems.UNKNOWN_WORKER, "Unknown worker ID", ex.getMessage(), null);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> malformedWorkerId(WorkerIds.MalformedWorkerIdException ex) {
        return problem(HttpStatus.BAD_REQUEST, null, "Malformed worker ID", ex.getMessage(), null);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(PoolUnavailableException ex) {
        if (ex instanceof PoolExhaustedException) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.POOL_EXHAUSTED, "Pool exhausted", ex.getMessage(),
                    ex.retryAfter());
        }
        if (ex instanceof StoreRecoveringException) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.STORE_RECOVERING, "Store recovering",
                    ex.getMessage(), ex.retryAfter());
        }
        if (ex instanceof ReplicaSettingsConflictException) {
            logger.warn(ex.getMessage());
            return problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.REPLICA_SETTINGS_CONFLICT,
                    "Replica settings conflict", ex.getMessage(), ex.retryAfter());
        }
        logger.warn("Lease store unavailable: " + ex.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.STORE_UNAVAILABLE, "Store unavailable",
                "The lease store cannot be reached", ex.retryAfter());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        logger.error("Unexpected failure", ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, null, null, "Internal error", null);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (causedBy(ex, RequestBodyLimitFilter.BodyTooLargeException.class)) {
            ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "Request body larger than " + RequestBodyLimitFilter.MAX_BODY_BYTES + " bytes");
            body.setType(Problems.BODY_TOO_LARGE);
            return handleExceptionInternal(ex, body, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Request body is not valid JSON of the expected shape");
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid request content");
        List<Map<String, String>> errors = ex.getBindingResult()
            .getFieldErrors()
            .stream()
            .map((error) -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
            .toList();
        body.setProperty("errors", errors);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, java.net.@Nullable URI type,
            @Nullable String title, @Nullable String detail, @Nullable Duration retryAfter) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        if (type != null) {
            body.setType(type);
        }
        if (title != null) {
            body.setTitle(title);
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
        }
        return response.body(body);
    }

    /** Whole seconds, rounded up, at least 1. */
    static long retryAfterSeconds(Duration duration) {
        long millis = Math.max(duration.toMillis(), 1);
        return Math.max(1, (millis + 999) / 1000);
    }

}
