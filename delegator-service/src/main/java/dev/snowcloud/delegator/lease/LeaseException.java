package dev.snowcloud.delegator.lease;

import org.jspecify.annotations.Nullable;

/** Base of the failures a {@link LeaseStore} reports; each maps to one HTTP status. */
public abstract class LeaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected LeaseException(String message) {
        super(message);
    }

    protected LeaseException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

}
