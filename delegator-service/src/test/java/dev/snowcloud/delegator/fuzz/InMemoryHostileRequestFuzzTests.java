package dev.snowcloud.delegator.fuzz;

import java.time.Duration;

import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The same properties against the in-memory store, with fewer tries: the HTTP layer is the
 * same, so this mostly checks that the memory store refuses what Redis refuses.
 */
@PropertyDefaults(tries = 50)
class InMemoryHostileRequestFuzzTests extends HostileRequestFuzzing {

    private static Fixture fixture;

    private static ProtectedLeases leases;

    @BeforeContainer
    static void startDelegator() {
        fixture = Fixture.inMemory(Duration.ofHours(1));
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
