package dev.snowcloud.delegator.web;

import java.io.IOException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report for requests it rejects before any servlet runs (a malformed URI
 * such as {@code /workers/%zz}, an oversized header): a bare problem detail instead of an
 * HTML page. Installed as the host's error report valve by {@code WebConfiguration}.
 * <p>
 * Tomcat answers a {@code CONNECT}, a transfer coding it does not know ({@code gzip}) with 501
 * and a request line with a version it cannot read ({@code HTP/1.1}, {@code HTTP/1.10}) with
 * 505. Those requests are malformed for this API, which accepts neither, so they get 400: a
 * client error is never a 5xx here, and a 5xx would tell monitoring the server had failed.
 */
public final class ProblemReportValve extends ErrorReportValve {

    private final ProblemWriter problems = new ProblemWriter();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        if (status == HttpStatus.NOT_IMPLEMENTED.value() || status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED.value()) {
            status = HttpStatus.BAD_REQUEST.value();
        }
        ProblemDetail problem = ProblemDetail.forStatus(status);
        if (HttpStatus.resolve(status) == null) {
            problem.setTitle("Error");
        }
        try {
            // no instance: the request target may be what Tomcat refused
            this.problems.report(response, problem);
        }
        catch (IOException | IllegalStateException ex) {
            // the client is gone or the response is committed: nothing more to say
        }
    }

}
