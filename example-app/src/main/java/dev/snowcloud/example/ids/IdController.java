package dev.snowcloud.example.ids;

import dev.snowcloud.id.SnowflakeGenerator;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves IDs: {@code GET /ids} one raw ID as text, {@code GET /ids?count=N} N IDs
 * one per line, or {@code {"ids":["…"]}} for {@code Accept: application/json};
 * {@code GET /ids/{id}} decodes one.
 * <p>
 * Spring MVC negotiates the format: {@link IssuedIdsTextConverter} writes text,
 * Jackson JSON. Text comes first in {@code produces}, so it is the answer to no
 * {@code Accept} or a wildcard one.
 */
@RestController
@RequestMapping("/ids")
public class IdController {

    /** Most IDs one request may ask for. */
    public static final int MAX_COUNT = 10_000;

    private final SnowflakeGenerator generator;

    public IdController(SnowflakeGenerator generator) {
        this.generator = generator;
    }

    @GetMapping(produces = { MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_JSON_VALUE })
    public IssuedIds ids(@RequestParam(required = false) @Nullable String count) {
        if (count == null) {
            return IssuedIds.single(this.generator.nextId());
        }
        return IssuedIds.of(this.generator.nextIds(parseCount(count)));
    }

    @GetMapping("/{id}")
    public DecodedId decode(@PathVariable String id) {
        return DecodedId.of(this.generator.layout().decode(parseId(id)));
    }

    /**
     * The {@code count} parameter as a number from 1 to {@link #MAX_COUNT}. A repeated
     * parameter arrives joined by commas, so it is refused too.
     * @throws IdRequestException otherwise
     */
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

    private static String abbreviate(String value) {
        return (value.length() <= 40) ? value : value.substring(0, 40) + "…";
    }

}
