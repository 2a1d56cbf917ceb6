package dev.snowcloud.lease;

import org.jspecify.annotations.Nullable;

/**
 * A call to the delegator that did not give the expected answer.
 */
public class DelegatorException extends RuntimeException {

    private final int status;

    public DelegatorException(String message, int status) {
        super(message);
        this.status = status;
    }

    public DelegatorException(String message, int status, @Nullable Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /**
     * The HTTP status the delegator answered with, or 0 when no answer came.
     */
    public int status() {
        return this.status;
    }

}
