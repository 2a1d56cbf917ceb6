package dev.snowcloud.example.ids;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests {@link IdFastPathFilter} answers itself; the answers are checked
 * through the whole application in {@link IdControllerTests}, which sends both kinds.
 */
class IdFastPathFilterTests {

    @Test
    void plainCountsInRange() {
        assertThat(IdFastPathFilter.plainCount("1")).isEqualTo(1);
        assertThat(IdFastPathFilter.plainCount("1000")).isEqualTo(1000);
        assertThat(IdFastPathFilter.plainCount("10000")).isEqualTo(10_000);
        assertThat(IdFastPathFilter.plainCount("00042")).isEqualTo(42);
    }

    @Test
    void anythingElseIsLeftToTheController() {
        for (String count : List.of("", "0", "00000", "10001", "99999", "100000", "-1", "+5", " 5", "5 ", "1e3", "abc",
                "٣")) {
            assertThat(IdFastPathFilter.plainCount(count)).as(count).isEqualTo(-1);
        }
    }

    @Test
    void plainAcceptHeaders() {
        assertThat(IdFastPathFilter.type(null)).isZero();
        assertThat(IdFastPathFilter.type(Collections.emptyEnumeration())).isZero();
        assertThat(IdFastPathFilter.type(accept(""))).isZero();
        assertThat(IdFastPathFilter.type(accept("*/*"))).isZero();
        assertThat(IdFastPathFilter.type(accept("text/plain"))).isZero();
        assertThat(IdFastPathFilter.type(accept("application/json"))).isOne();
    }

    @Test
    void negotiatedAcceptHeadersAreLeftToTheController() {
        assertThat(IdFastPathFilter.type(accept("application/json", "text/plain"))).isEqualTo(-1);
        for (String accept : List.of("text/*", "application/xml", "application/json;q=0.5, text/plain",
                "text/plain;charset=UTF-8", "TEXT/PLAIN", "application/problem+json")) {
            assertThat(IdFastPathFilter.type(accept(accept))).as(accept).isEqualTo(-1);
        }
    }

    private static Enumeration<String> accept(String... values) {
        return Collections.enumeration(List.of(values));
    }

}
