package io.github.meprop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and git commit this copy of meprop was built from, read from
 * {@code build.properties} (filled in by Maven's resource filtering; the commit is "unknown" when
 * the build had no git).
 *
 * @param version the Maven version, e.g. {@code 0.2.0-SNAPSHOT}
 * @param commit  the commit of HEAD at build time (12 hex digits), or {@code unknown}
 */
record BuildInfo(String version, String commit) {

    private static final String RESOURCE = "build.properties";

    /** What this build is; "unknown" for a value the build did not fill in (classes compiled outside Maven). */
    static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " of the meprop jar", e);
        }
        return new BuildInfo(filled(p.getProperty("version")), filled(p.getProperty("commit")));
    }

    private static String filled(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.trim();
    }
}
