package dev.snowcloud.delegator.lease;

/** The token does not hold the lease on the worker ID (anymore), so it may not renew or release it. */
public class LeaseNotHeldException extends LeaseException {

    private static final long serialVersionUID = 1L;

    private final int workerId;

    public LeaseNotHeldException(int workerId) {
        super("Worker ID " + workerId + " is not leased to this token");
        this.workerId = workerId;
    }

    public int workerId() {
        return this.workerId;
    }

}
