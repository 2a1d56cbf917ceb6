package dev.snowcloud.starter.autoconfigure;

import dev.snowcloud.lease.http.DelegatorStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user reads when start-up fails for a mistake of theirs: the URL that was
 * called, what to check, and no advice that cannot help.
 */
@Timeout(120)
class StartUpFailureMessagesTests {

    private final DelegatorStub delegator = DelegatorStub.start(60_000);

    // A registration timeout no test waits for: a refusal must fail start-up at once.
    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SnowcloudGeneratorAutoConfiguration.class))
        .withPropertyValues("snowcloud.generator.lease.registration-timeout=10m");

    @AfterEach
    void stopDelegator() {
        this.delegator.close();
    }

    @Test
    void wrongApiKeyFailsAtOnceWithTheUrlCalledAndTheKeyToCheck() {
        this.contextRunner
            .withPropertyValues("snowcloud.generator.delegator.urls=" + this.delegator.url(),
                    "snowcloud.generator.delegator.api-key=not-the-key")
            .run((context) -> {
                FailureAnalysis analysis = analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains(this.delegator.url() + "/workers", "401")
                    .doesNotContain("PT10M", "retrying");
                assertThat(analysis.getAction()).contains("snowcloud.generator.delegator.api-key",
                        "SNOWCLOUD_GENERATOR_DELEGATOR_API_KEY", "snowcloud.delegator.api-keys")
                    .doesNotContain("registration-timeout");
            });
    }

    @Test
    void wrongUrlFailsAtOnceNamingTheUrl() {
        this.delegator.fail(Integer.MAX_VALUE, 404, null);
        this.contextRunner
            .withPropertyValues("snowcloud.generator.delegator.urls=" + this.delegator.url() + "/api",
                    "snowcloud.generator.delegator.api-key=" + DelegatorStub.API_KEY)
            .run((context) -> {
                FailureAnalysis analysis = analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains(this.delegator.url() + "/api/workers", "404");
                assertThat(analysis.getAction()).contains("snowcloud.generator.delegator.urls", "base URL")
                    .doesNotContain("registration-timeout");
            });
    }

    @Test
    void delegatorDownSaysConnectionRefusedAndWhere() {
        DelegatorStub down = DelegatorStub.start(60_000);
        down.close();
        String hostAndPort = down.url().getHost() + ":" + down.url().getPort();
        this.contextRunner
            .withPropertyValues("snowcloud.generator.delegator.urls=" + down.url(),
                    "snowcloud.generator.delegator.api-key=" + DelegatorStub.API_KEY,
                    "snowcloud.generator.lease.registration-timeout=1s")
            .run((context) -> {
                FailureAnalysis analysis = analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("connection refused", hostAndPort)
                    .doesNotContain("ClosedChannelException");
                assertThat(analysis.getAction()).contains("is up and reachable");
            });
    }

    @Test
    void unresolvedPlaceholderInTheApiKeyIsNamed() {
        this.contextRunner
            .withPropertyValues("snowcloud.generator.delegator.urls=" + this.delegator.url(),
                    "snowcloud.generator.delegator.api-key=${SNOWCLOUD_API_KEY_THAT_NOBODY_SET}")
            .run((context) -> {
                assertThat(context).getFailure().rootCause().isInstanceOf(BindValidationException.class);
                Throwable root = context.getStartupFailure();
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                assertThat(((BindValidationException) root).getValidationErrors().getAllErrors())
                    .anySatisfy((error) -> {
                        assertThat(((FieldError) error).getField()).isEqualTo("delegator.apiKey");
                        assertThat(error.getDefaultMessage()).contains("${SNOWCLOUD_API_KEY_THAT_NOBODY_SET}",
                                "${SNOWCLOUD_API_KEY_THAT_NOBODY_SET:}", "SNOWCLOUD_GENERATOR_DELEGATOR_API_KEY");
                    });
                assertThat(this.delegator.requests()).isEmpty();
            });
    }

    @Test
    void placeholdersAreFoundWhereverTheyStand() {
        assertThat(SnowcloudGeneratorProperties.unresolvedPlaceholder("${KEY}")).isEqualTo("${KEY}");
        assertThat(SnowcloudGeneratorProperties.unresolvedPlaceholder("prefix-${KEY}-suffix")).isEqualTo("${KEY}");
        assertThat(SnowcloudGeneratorProperties.unresolvedPlaceholder("a-real-key")).isNull();
        assertThat(SnowcloudGeneratorProperties.unresolvedPlaceholder("${unclosed")).isNull();
        assertThat(SnowcloudGeneratorProperties.unresolvedPlaceholder(null)).isNull();
    }

    @Test
    void defaultInstanceNameTellsTwoInstancesOnOneHostApart() {
        MockEnvironment withPort = new MockEnvironment().withProperty("spring.application.name", "orders")
            .withProperty("server.port", "8081");
        assertThat(SnowcloudGeneratorAutoConfiguration.defaultInstanceName(withPort, "host-a"))
            .isEqualTo("orders-host-a-8081");
        MockEnvironment randomPort = new MockEnvironment().withProperty("spring.application.name", "orders")
            .withProperty("server.port", "0");
        assertThat(SnowcloudGeneratorAutoConfiguration.defaultInstanceName(randomPort, "host-a"))
            .isEqualTo("orders-host-a-pid" + ProcessHandle.current().pid());
        assertThat(SnowcloudGeneratorAutoConfiguration.defaultInstanceName(new MockEnvironment(), "host-a"))
            .isEqualTo("application-host-a-pid" + ProcessHandle.current().pid());
    }

    @Test
    void theRegisteredNameCarriesThePort() {
        this.contextRunner
            .withPropertyValues("snowcloud.generator.delegator.urls=" + this.delegator.url(),
                    "snowcloud.generator.delegator.api-key=" + DelegatorStub.API_KEY,
                    "spring.application.name=orders", "server.port=8081")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(this.delegator.requests("register")).singleElement()
                    .satisfies((request) -> assertThat(request.body().get("name").asString())
                        .startsWith("orders-").endsWith("-8081"));
            });
    }

    private static FailureAnalysis analyze(Throwable failure) {
        assertThat(failure).isNotNull();
        FailureAnalysis analysis = new LeaseRegistrationFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return analysis;
    }

}
