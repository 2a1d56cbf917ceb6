package dev.snowcloud.delegator.config;

/**
 * A setting that could hand one worker ID to two live holders, refused at start because no
 * {@code snowcloud.delegator.unsafe.*} property allows it.
 */
public class UnsafeSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String action;

    public UnsafeSettingException(String setting, String why, String action) {
        super(setting + ". " + why);
        this.action = action;
    }

    /** What to set instead. */
    public String action() {
        return this.action;
    }

}
