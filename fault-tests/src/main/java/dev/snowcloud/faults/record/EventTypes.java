package dev.snowcloud.faults.record;

/**
 * The {@code type} of each line in {@code events.jsonl}. Every event has {@code at}, the
 * real wall-clock time (Unix ms, never the offset clock) when the process recorded it.
 */
public final class EventTypes {

    /** The process started issuing: {@code pid}, {@code rate}, {@code threads}. */
    public static final String STARTED = "started";

    /** A lease was granted: {@code workerId}, {@code notBefore}, {@code via} (register or fixed). */
    public static final String GRANT = "grant";

    /** A registration was refused: {@code status}, {@code retryAfterMillis}, {@code detail}. */
    public static final String REGISTER_REFUSED = "register-refused";

    /** A renewal succeeded: {@code workerId}. */
    public static final String RENEWED = "renewed";

    /** A renewal failed and will be retried, or was refused: {@code workerId}, {@code status}, {@code detail}. */
    public static final String RENEW_FAILED = "renew-failed";

    /** A lease was released: {@code workerId}, {@code lastTimestamp}, {@code ok}. */
    public static final String RELEASED = "released";

    /** The generator refused a call after issuing before: {@code reason} (lease or clock), {@code detail}. */
    public static final String REFUSING = "refusing";

    /** The generator issued again after refusing (or for the first time): {@code workerId}. */
    public static final String ISSUING = "issuing";

    /** The test moved this process's wall clock: {@code offsetMillis}. */
    public static final String CLOCK_OFFSET = "clock-offset";

    /** The process stopped issuing and flushed its files: {@code issued}. */
    public static final String STOPPED = "stopped";

    private EventTypes() {
    }

}
