package io.github.meprop.nn;

/**
 * A setting (a hyper-parameter, a k, a rate, ...) has a value outside its range. {@link #setting()}
 * is the setting's name as the {@link Options} of the registries and the command line spell it
 * ({@code lr}, {@code batch}, {@code k}, {@code mass}, ...), so that a front end can name the
 * option the user got wrong; the message names it too.
 */
public class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String setting;

    /**
     * @param setting the setting's name, e.g. "lr"
     * @param message what is wrong, e.g. "lr must be finite and > 0, was -0.1"
     */
    public InvalidSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The setting's name, e.g. "lr". */
    public String setting() {
        return setting;
    }

    /** Throws unless {@code ok}; the message is {@code setting + " " + rule + ", was " + value}. */
    public static void check(boolean ok, String setting, String rule, Object value) {
        if (!ok) {
            throw new InvalidSettingException(setting, setting + " " + rule + ", was " + value);
        }
    }
}
