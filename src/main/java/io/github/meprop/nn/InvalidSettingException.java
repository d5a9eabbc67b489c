package io.github.meprop.nn;

/**
 * A setting (a hyper-parameter, a k, a rate, ...) has a value outside its range. {@link #setting()}
 * is the setting's name as the {@link Options} of the registries and the command line spell it
 * ({@code lr}, {@code batch}, {@code k}, {@code mass}, ...), so that a front end can name the
 * option the user got wrong; the message names it too.
 */
public class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The setting's name as the registries and the command line spell it. */
    private final String setting;

    /**
     * An exception for an invalid value of the named setting.
     *
     * @param setting the setting's name, e.g. "lr"
     * @param message what is wrong, e.g. "lr must be finite and > 0, was -0.1"
     */
    public InvalidSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /**
     * The setting's name, e.g. "lr".
     *
     * @return the name of the setting that is wrong
     */
    public String setting() {
        return setting;
    }

    /**
     * Throws unless {@code ok}; the message is {@code setting + " " + rule + ", was " + value}.
     *
     * @param ok whether the value is valid; nothing happens when true
     * @param setting the setting's name, e.g. "lr"
     * @param rule what the value must satisfy, e.g. "must be >= 1"
     * @param value the value given, for the message
     * @throws InvalidSettingException if {@code ok} is false
     */
    public static void check(boolean ok, String setting, String rule, Object value) {
        if (!ok) {
            throw new InvalidSettingException(setting, setting + " " + rule + ", was " + value);
        }
    }
}
