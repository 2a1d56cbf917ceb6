package dev.snowcloud.delegator.auth;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTests {

    private final ApiKeys keys = new ApiKeys(List.of("first-key", "second-key"));

    @Test
    void acceptsEveryConfiguredKey() {
        assertThat(this.keys.accepts("first-key")).isTrue();
        assertThat(this.keys.accepts("second-key")).isTrue();
    }

    @Test
    void refusesAnythingElse() {
        assertThat(this.keys.accepts(null)).isFalse();
        assertThat(this.keys.accepts("")).isFalse();
        assertThat(this.keys.accepts("first")).isFalse();
        assertThat(this.keys.accepts("first-key ")).isFalse();
        assertThat(this.keys.accepts("FIRST-KEY")).isFalse();
        assertThat(new ApiKeys(List.of()).accepts("first-key")).isFalse();
    }

    @Test
    void neverShowsTheKeys() {
        assertThat(this.keys.toString()).doesNotContain("first-key").doesNotContain("second-key");
    }

}
