package io.healthgate.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and commit baked in by the build ({@code healthgate-build.properties}, filtered by
 * Maven). A build from a tree without git history says "unknown" rather than a placeholder.
 */
record BuildInfo(String version, String commit) {
    static final String RESOURCE = "/healthgate-build.properties";
    private static final String UNKNOWN = "unknown";

    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("commit")));
    }

    /** An unfiltered or empty value (e.g. "${git.commit.id.abbrev}" when git was absent) is unknown. */
    private static String known(String v) {
        return v == null || v.isBlank() || v.contains("${") ? UNKNOWN : v.strip();
    }

    String line() {
        return "healthgate " + version + " (commit " + commit + ")";
    }

    /** Lets picocli's {@code --version} print the baked-in line. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {load().line()};
        }
    }
}
