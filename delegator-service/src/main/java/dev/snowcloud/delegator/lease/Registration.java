package dev.snowcloud.delegator.lease;

import org.jspecify.annotations.Nullable;

/**
 * What a generator says about itself when it registers; shown in the pool listing only.
 *
 * @param name a free-form name, such as the application and instance
 * @param host the generator's host name or address
 */
public record Registration(@Nullable String name, @Nullable String host) {

    /** A registration that tells nothing. */
    public static Registration anonymous() {
        return new Registration(null, null);
    }

}
