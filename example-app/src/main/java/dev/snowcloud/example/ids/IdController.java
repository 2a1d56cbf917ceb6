package dev.snowcloud.example.ids;

import java.io.IOException;
import java.util.List;

import dev.snowcloud.id.SnowflakeGenerator;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves IDs: {@code GET /ids} one raw ID as text, {@code GET /ids?count=N} N IDs
 * one per line, or {@code {"ids":["…"]}} for {@code Accept: application/json};
 * {@code GET /ids/{id}} decodes one.
 * <p>
 * The common {@code GET /ids} requests are answered by {@link IdFastPathFilter}
 * before they reach Spring MVC; this controller answers the rest, and every error.
 * Both write through {@link IdResponses}.
 */
@RestController
@RequestMapping("/ids")
public class IdController {

    /** Most IDs one request may ask for. */
    public static final int MAX_COUNT = 10_000;

    private static final List<MediaType> PRODUCIBLE = List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON);

    private final SnowflakeGenerator generator;

    public IdController(SnowflakeGenerator generator) {
        this.generator = generator;
    }

    @GetMapping
    public void ids(@RequestParam(name = "count", required = false) @Nullable String count,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
            HttpServletResponse response) throws IOException, HttpMediaTypeNotAcceptableException {
        int n = (count != null) ? parseCount(count) : 1;
        boolean json = wantsJson(accept);
        IdResponses.write(this.generator, n, count == null, json, response);
    }

    @GetMapping("/{id}")
    public DecodedId decode(@PathVariable String id) {
        return DecodedId.of(this.generator.layout().decode(parseId(id)));
    }

    static int parseCount(String count) {
        int n;
        try {
            n = Integer.parseInt(count.trim());
        }
        catch (NumberFormatException ex) {
            throw new IdRequestException("count must be a whole number from 1 to " + MAX_COUNT + ", not '"
                    + abbreviate(count) + "'");
        }
        if (n < 1 || n > MAX_COUNT) {
            throw new IdRequestException("count must lie between 1 and " + MAX_COUNT + ", not " + n);
        }
        return n;
    }

    static long parseId(String id) {
        long value;
        try {
            value = Long.parseLong(id.trim());
        }
        catch (NumberFormatException ex) {
            throw new IdRequestException("An ID is a whole number from 0 to " + Long.MAX_VALUE + ", not '"
                    + abbreviate(id) + "'");
        }
        if (value < 0) {
            throw new IdRequestException("An ID is never negative: " + value);
        }
        return value;
    }

    /**
     * Whether the client prefers JSON to text: by quality, then specificity, then
     * order; none or a wildcard means text.
     */
    static boolean wantsJson(@Nullable String accept) throws HttpMediaTypeNotAcceptableException {
        if (accept == null || accept.isEmpty() || "*/*".equals(accept) || "text/plain".equals(accept)) {
            return false;
        }
        if ("application/json".equals(accept)) {
            return true;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        }
        catch (IllegalArgumentException ex) {
            throw new HttpMediaTypeNotAcceptableException(PRODUCIBLE);
        }
        MediaType best = null;
        boolean bestIsJson = false;
        for (MediaType type : accepted) {
            double quality = type.getQualityValue();
            if (quality <= 0) {
                continue;
            }
            boolean text = type.includes(MediaType.TEXT_PLAIN);
            boolean json = !text && type.includes(MediaType.APPLICATION_JSON);
            if (!text && !json) {
                continue;
            }
            if (best == null || quality > best.getQualityValue()
                    || (quality == best.getQualityValue() && best.isWildcardSubtype() && !type.isWildcardSubtype())
                    || (quality == best.getQualityValue() && best.isWildcardType() && !type.isWildcardType())) {
                best = type;
                bestIsJson = json;
            }
        }
        if (best == null) {
            throw new HttpMediaTypeNotAcceptableException(PRODUCIBLE);
        }
        return bestIsJson;
    }

    private static String abbreviate(String value) {
        return (value.length() <= 40) ? value : value.substring(0, 40) + "…";
    }

}
