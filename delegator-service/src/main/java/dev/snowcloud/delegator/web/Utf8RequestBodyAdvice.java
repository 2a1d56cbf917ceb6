package dev.snowcloud.delegator.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Reads each request body of the API whole, up to {@value #MAX_BODY_BYTES} bytes, before JSON
 * parsing starts:
 * <ul>
 * <li>a body over the limit gets 413 ({@link BodyTooLargeException}): a declared
 * {@code Content-Length} above it at once, a chunked body when its bytes pass it;
 * <li>a body that is not well-formed UTF-8 without NUL bytes gets 400, as JSON between systems
 * must be (RFC 8259, section 8.1). Jackson decodes UTF-8 leniently — it takes the overlong
 * {@code C1 AF} and {@code E0 81 AF} for {@code o}, and code points past U+10FFFF — and takes
 * NUL bytes as a sign of UTF-16 or UTF-32, so a body the contract calls malformed could register
 * or renew.
 * </ul>
 * This is the only place the application reads a request body (Spring's form filter is off, see
 * application.yml), so the limit needs no servlet filter: a body no handler reads is never
 * buffered, and Tomcat drains at most {@code server.tomcat.max-swallow-size} of it before it
 * closes the connection.
 */
@ControllerAdvice(assignableTypes = WorkerController.class)
class Utf8RequestBodyAdvice extends RequestBodyAdviceAdapter {

    /** The largest body any call needs, with room to spare. */
    static final int MAX_BODY_BYTES = 4096;

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        if (message.getHeaders().getContentLength() > MAX_BODY_BYTES) {
            throw new BodyTooLargeException();
        }
        byte[] body = message.getBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new BodyTooLargeException();
        }
        if (!isWellFormedUtf8(body)) {
            throw new HttpMessageNotReadableException("Request body is not well-formed UTF-8", message);
        }
        return new HttpInputMessage() {

            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return message.getHeaders();
            }

        };
    }

    static boolean isWellFormedUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
            return true;
        }
        catch (CharacterCodingException ex) {
            return false;
        }
    }

    /** The request body is over {@value #MAX_BODY_BYTES} bytes. */
    static final class BodyTooLargeException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        BodyTooLargeException() {
            super("Request body larger than " + MAX_BODY_BYTES + " bytes");
        }

    }

}
