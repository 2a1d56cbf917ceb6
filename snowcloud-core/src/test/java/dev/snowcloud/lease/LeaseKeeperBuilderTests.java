package dev.snowcloud.lease;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.snowcloud.id.SnowflakeGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link LeaseKeeper.Builder} fills in when it is not told: the instance name and
 * host the delegator accepts, and a scheduler of the keeper's own.
 */
@Timeout(30)
class LeaseKeeperBuilderTests {

    private final ManualClock clock = new ManualClock();

    private final SnowflakeGenerator generator = SnowflakeGenerator.builder().timeSource(this.clock).build();

    private final FakeDelegator delegator = new FakeDelegator(this.clock);

    @Test
    void labelsReplaceWhatTheDelegatorRejectsAndStopAt128Characters() {
        assertThat(LeaseKeeper.Builder.label("web 1/eu#west")).isEqualTo("web-1/eu-west");
        assertThat(LeaseKeeper.Builder.label("[fe80::1%eth0]:8080")).isEqualTo("[fe80::1%eth0]:8080");
        assertThat(LeaseKeeper.Builder.label("a".repeat(200))).isEqualTo("a".repeat(128));
    }

    @Test
    void givenNameAndHostAreSentAsLabels() {
        LeaseKeeper keeper = LeaseKeeper.builder(this.generator, this.delegator)
            .instanceName("orders api")
            .host("10.0.0.7")
            .build();
        assertThat(keeper.settings().instanceName()).isEqualTo("orders-api");
        assertThat(keeper.settings().host()).isEqualTo("10.0.0.7");
        assertThat(keeper).hasToString("LeaseKeeper[orders-api from the fake delegator]");
    }

    @Test
    void withoutANameOrHostTheKeeperNamesThisHostAndProcess() throws Exception {
        LeaseKeeper keeper = LeaseKeeper.builder(this.generator, this.delegator).build();
        InetAddress local = InetAddress.getLocalHost();
        assertThat(keeper.settings().instanceName())
            .isEqualTo(LeaseKeeper.Builder.label(local.getHostName() + "-" + ProcessHandle.current().pid()));
        assertThat(LeaseKeeper.Builder.localHostName()).isEqualTo(local.getHostName());
        assertThat(keeper.settings().host()).isEqualTo(LeaseKeeper.Builder.label(local.getHostAddress()));
        assertThat(keeper.settings().safetyMargin()).isEqualTo(LeaseSettings.DEFAULT_SAFETY_MARGIN);
        assertThat(keeper.settings().backoff()).isEqualTo(RetryBackoff.DEFAULT);
    }

    @Test
    void withoutASchedulerTheKeeperRunsOnADaemonThreadOfItsOwn() throws Exception {
        CompletableFuture<Thread> registeredOn = new CompletableFuture<>();
        this.delegator.onRegister(() -> {
            registeredOn.complete(Thread.currentThread());
            return this.delegator.grant(7, "token");
        });
        LeaseKeeper keeper = LeaseKeeper.builder(this.generator, this.delegator).instanceName("own-thread").build();
        try {
            keeper.start();
            keeper.awaitLease(Duration.ofSeconds(10));
            Thread thread = registeredOn.get(10, TimeUnit.SECONDS);
            // A daemon, so a lease keeper never keeps the JVM from exiting.
            assertThat(thread.getName()).isEqualTo("snowcloud-lease");
            assertThat(thread.isDaemon()).isTrue();
            assertThat(keeper.workerId()).contains(7);
        }
        finally {
            keeper.stop();
        }
        assertThat(this.delegator.calls("release")).hasSize(1);
    }

}
