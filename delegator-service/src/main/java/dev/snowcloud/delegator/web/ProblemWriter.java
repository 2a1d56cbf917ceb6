package dev.snowcloud.delegator.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes a problem detail straight to the servlet response, for filters that answer before
 * Spring MVC sees the request.
 */
public final class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    /** Writes the problem; {@code instance} is left out when it is {@code null}. */
    public void write(HttpServletResponse response, HttpStatus status, @Nullable URI type, String detail,
            @Nullable String instance) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", (type != null) ? type.toString() : "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        this.json.writeValue(response.getOutputStream(), body);
    }

}
