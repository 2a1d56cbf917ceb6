package dev.snowcloud.delegator.fuzz;

import java.time.Duration;

import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The hostile-request properties against a delegator on a real {@code redis-server}. */
@PropertyDefaults(tries = 200)
class RedisHostileRequestFuzzTests extends HostileRequestFuzzing {

    private static Fixture fixture;

    private static ProtectedLeases leases;

    @BeforeContainer
    static void startDelegator() {
        fixture = Fixture.onRedis("fuzz", Duration.ofHours(1));
        leases = new ProtectedLeases(fixture);
    }

    @AfterContainer
    static void stopDelegator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Override
    ProtectedLeases leases() {
        return leases;
    }

}
