package dev.snowcloud.example.ids;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every failure as {@code application/problem+json}: bad input {@code 400}.
 * A generator that refuses to issue is answered by the starter ({@code 503} with
 * {@code Retry-After}, since it resumes once its lease or clock is back), so the app
 * does not map {@code SnowflakeException} itself.
 */
@RestControllerAdvice
public class IdProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badRequest(IdRequestException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Invalid ID request");
        return ResponseEntity.badRequest().body(problem);
    }

}
