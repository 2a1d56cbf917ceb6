package dev.snowcloud.delegator.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every answer to a request the delegator must refuse looks like: a 4xx (never a 5xx),
 * {@code application/problem+json}, a JSON object with the same {@code status} and a
 * {@code title}, and nothing of the server's insides — no exception or class names, no stack
 * frames, no HTML error page, no secret.
 * <p>
 * The {@code instance} member is left out of the word checks: it echoes the request path,
 * which is the client's own input and may contain anything the generator put there.
 */
final class HostileAnswers {

    private static final JsonMapper strict = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    /** Words that only the server's insides would put into an answer. */
    private static final Pattern LEAK = Pattern.compile("exception|org\\.springframework|\\bjava\\.|\\bjavax\\."
            + "|\\bjakarta\\.|tools\\.jackson|com\\.fasterxml|io\\.lettuce|org\\.apache|dev\\.snowcloud|caused by"
            + "|stack ?trace|\\btrace\\b|\\blua\\b|\\bredis\\b|\\blettuce\\b|\\bjackson\\b|\\btomcat\\b|\\bcatalina\\b"
            + "|\\bnoscript\\b|\\berr\\b|\\bnull ?pointer\\b", Pattern.CASE_INSENSITIVE);

    /** A stack frame, wherever it appears: {@code at a.b.C.m(C.java:12)} or {@code (Native Method)}. */
    private static final Pattern STACK_FRAME = Pattern
        .compile("\\bat [\\w$.]+\\(|\\(\\w+\\.java:\\d+\\)|\\(Native Method\\)|\\(Unknown Source\\)");

    private HostileAnswers() {
    }

    /** Fails with every rule the answer breaks. */
    static void assertRefused(HostileRequest request, RawResponse response, Collection<String> secrets) {
        List<String> violations = new ArrayList<>();
        if (!request.expected().isEmpty() && !request.expected().contains(response.status())) {
            violations.add("status " + response.status() + " is not one of " + request.expected());
        }
        violations.addAll(refusalViolations(request.method(), response, secrets));
        if (!violations.isEmpty()) {
            throw new AssertionError("Answer breaks " + violations + "\n  request:  " + request + "\n  response: "
                    + response);
        }
    }

    /** The rules an answer to a refused request breaks; empty when it keeps them all. */
    static List<String> refusalViolations(String method, RawResponse response, Collection<String> secrets) {
        List<String> violations = new ArrayList<>();
        int status = response.status();
        if (status < 400 || status > 499) {
            violations.add("status " + status + " is not 4xx");
        }
        String contentType = response.header("Content-Type");
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            violations.add("Content-Type " + contentType + " is not application/problem+json");
        }
        if (status == 401 && !String.valueOf(response.header("WWW-Authenticate")).startsWith("Bearer")) {
            violations.add("401 without WWW-Authenticate: Bearer");
        }
        if (status == 405 && response.header("Allow") == null) {
            violations.add("405 without Allow");
        }
        String raw = new String(response.body(), StandardCharsets.UTF_8);
        if (STACK_FRAME.matcher(raw).find()) {
            violations.add("body shows a stack frame");
        }
        if (raw.toLowerCase(Locale.ROOT).contains("<html")) {
            violations.add("body is an HTML page");
        }
        if (method.equals("HEAD")) {
            if (response.body().length > 0) {
                violations.add("HEAD answer has a body");
            }
            return violations;
        }
        JsonNode problem;
        try {
            problem = strict.readTree(response.body());
        }
        catch (JacksonException ex) {
            violations.add("body is not JSON");
            return violations;
        }
        if (problem == null || !problem.isObject()) {
            violations.add("body is not a JSON object");
            return violations;
        }
        JsonNode statusMember = problem.get("status");
        if (statusMember == null || !statusMember.isInt() || statusMember.intValue() != status) {
            violations.add("member status " + statusMember + " is not " + status);
        }
        JsonNode title = problem.get("title");
        if (title == null || !title.isString() || title.stringValue().isBlank()) {
            violations.add("member title " + title + " is not a non-blank string");
        }
        for (Map.Entry<String, JsonNode> member : problem.properties()) {
            if (!member.getKey().equals("instance")) {
                leaks(member.getKey(), member.getKey(), secrets, violations);
                leaks(member.getKey(), member.getValue(), secrets, violations);
            }
        }
        return violations;
    }

    private static void leaks(String where, JsonNode node, Collection<String> secrets, List<String> violations) {
        if (node.isString()) {
            leaks(where, node.stringValue(), secrets, violations);
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            leaks(where + "." + member.getKey(), member.getKey(), secrets, violations);
            leaks(where + "." + member.getKey(), member.getValue(), secrets, violations);
        }
        if (node.isArray()) {
            node.values().forEach((element) -> leaks(where + "[]", element, secrets, violations));
        }
    }

    private static void leaks(String where, String text, Collection<String> secrets, List<String> violations) {
        Matcher leak = LEAK.matcher(text);
        if (leak.find()) {
            violations.add(where + " says '" + leak.group() + "'");
        }
        for (String secret : secrets) {
            if (text.contains(secret)) {
                violations.add(where + " shows a secret");
            }
        }
    }

}
