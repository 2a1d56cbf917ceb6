package dev.snowcloud.delegator.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.http.InvalidParameterException;
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
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.snowcloud.delegator.lease.LeaseNotHeldException;
import dev.snowcloud.delegator.lease.PoolExhaustedException;
import dev.snowcloud.delegator.lease.PoolUnavailableException;
import dev.snowcloud.delegator.lease.ReplicaSettingsConflictException;
import dev.snowcloud.delegator.lease.StoreRecoveringException;
import dev.snowcloud.delegator.lease.UnknownWorkerException;

/**
 * Turns every failure into an {@code application/problem+json} response: the lease domain's
 * exceptions here, Spring MVC's own (400, 404, 405, 406, 415, ...) through
 * {@link ResponseEntityExceptionHandler}, and anything unexpected into a 500 that says
 * nothing about the code. Every answer goes out through {@link ProblemWriter}.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Log logger = LogFactory.getLog(ProblemHandler.class);

    private final ProblemWriter problems;

    ProblemHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @ExceptionHandler
    void conflict(LeaseNotHeldException ex, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        write(request, response, HttpStatus.CONFLICT, Problems.LEASE_CONFLICT, "Lease not held", ex.getMessage(),
                null);
    }

    @ExceptionHandler
    void unknownWorker(UnknownWorkerException ex, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        write(request, response, HttpStatus.NOT_FOUND, Problems.UNKNOWN_WORKER, "Unknown worker ID",
                ex.getMessage(), null);
    }

    @ExceptionHandler
    void malformedWorkerId(WorkerIds.MalformedWorkerIdException ex, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        write(request, response, HttpStatus.BAD_REQUEST, null, "Malformed worker ID", ex.getMessage(), null);
    }

    @ExceptionHandler
    void malformedHolder(HolderFilters.MalformedHolderException ex, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        write(request, response, HttpStatus.BAD_REQUEST, null, "Malformed holder filter", ex.getMessage(), null);
    }

    /**
     * Tomcat refuses a query string that is not valid percent-encoded UTF-8 only when a
     * parameter is first read, by throwing; that is the client's error, not ours.
     */
    @ExceptionHandler
    void malformedQuery(InvalidParameterException ex, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        write(request, response, HttpStatus.BAD_REQUEST, null, "Malformed query string",
                "The query string is not valid percent-encoded UTF-8", null);
    }

    @ExceptionHandler
    void bodyTooLarge(Utf8RequestBodyAdvice.BodyTooLargeException ex, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        write(request, response, HttpStatus.CONTENT_TOO_LARGE, Problems.BODY_TOO_LARGE, null, ex.getMessage(),
                null);
    }

    @ExceptionHandler
    void unavailable(PoolUnavailableException ex, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (ex instanceof PoolExhaustedException) {
            write(request, response, HttpStatus.SERVICE_UNAVAILABLE, Problems.POOL_EXHAUSTED, "Pool exhausted",
                    ex.getMessage(), ex.retryAfter());
            return;
        }
        if (ex instanceof StoreRecoveringException) {
            write(request, response, HttpStatus.SERVICE_UNAVAILABLE, Problems.STORE_RECOVERING, "Store recovering",
                    ex.getMessage(), ex.retryAfter());
            return;
        }
        if (ex instanceof ReplicaSettingsConflictException) {
            logger.warn(ex.getMessage());
            write(request, response, HttpStatus.SERVICE_UNAVAILABLE, Problems.REPLICA_SETTINGS_CONFLICT,
                    "Replica settings conflict", ex.getMessage(), ex.retryAfter());
            return;
        }
        logger.warn("Lease store unavailable: " + ex.getMessage());
        write(request, response, HttpStatus.SERVICE_UNAVAILABLE, Problems.STORE_UNAVAILABLE, "Store unavailable",
                "The lease store cannot be reached", ex.retryAfter());
    }

    @ExceptionHandler
    void unexpected(Exception ex, HttpServletRequest request, HttpServletResponse response) throws IOException {
        logger.error("Unexpected failure", ex);
        write(request, response, HttpStatus.INTERNAL_SERVER_ERROR, null, null, "Internal error", null);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Request body is not valid JSON of the expected shape");
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid request content");
        List<InvalidField> errors = ex.getBindingResult()
            .getFieldErrors()
            .stream()
            .map((error) -> new InvalidField(error.getField(), String.valueOf(error.getDefaultMessage())))
            .toList();
        body.setProperty("errors", errors);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    /**
     * Where {@link ResponseEntityExceptionHandler} would hand its answer to Spring MVC's message
     * converters, writes it with {@link ProblemWriter} and answers {@code null}: the response
     * is complete.
     */
    @Override
    protected @Nullable ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ServletWebRequest servlet = (ServletWebRequest) request;
        HttpServletResponse response = servlet.getResponse();
        if (response == null) {
            return super.createResponseEntity(body, headers, statusCode, request);
        }
        headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
        ProblemDetail problem = (body instanceof ProblemDetail detail) ? detail : ProblemDetail.forStatus(statusCode);
        try {
            this.problems.write(servlet.getRequest(), response, problem, null);
        }
        catch (IOException ex) {
            logger.debug("Problem not written: the client is gone", ex);
        }
        return null;
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            java.net.@Nullable URI type, @Nullable String title, @Nullable String detail,
            @Nullable Duration retryAfter) throws IOException {
        this.problems.write(request, response, ProblemWriter.problem(status, type, title, detail), retryAfter);
    }

    /** One field of a request body that failed validation. */
    record InvalidField(String field, String message) {
    }

}
