package dev.snowcloud.delegator.lease;

/** The worker ID lies outside the pool ({@code 0..size-1}). */
public class UnknownWorkerException extends LeaseException {

    private static final long serialVersionUID = 1L;

    public UnknownWorkerException(String workerId, int poolSize) {
        super("Worker ID " + workerId + " is outside the pool 0.." + (poolSize - 1));
    }

}
