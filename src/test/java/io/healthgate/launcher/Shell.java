package io.healthgate.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the launcher and the distribution the way a user's shell would, with a controlled PATH:
 * {@link #toolsWithout} is a folder of links to this machine's commands minus Java and Maven, so
 * "a machine without mvn" or "without java" is real and not a mock.
 */
final class Shell {
    /** The repository checkout the tests run in (Maven runs tests from the project directory). */
    static final Path REPO = Path.of("").toAbsolutePath();
    private static final Set<String> JAVA_AND_MAVEN = Set.of("java", "javac", "jar", "jlink", "jdeps", "jshell", "keytool", "mvn", "mvnDebug", "mvnyjp");

    record Result(int exit, String out) {
    }

    private Shell() {
    }

    /**
     * Links every command of /usr/bin and /bin into {@code dir}, except Java's and Maven's (by
     * name, or because it resolves into a JDK or a Maven installation).
     */
    static Path toolsWithout(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String bin : List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
                Path b = Path.of(bin);
                if (!Files.isDirectory(b)) {
                    continue;
                }
                try (Stream<Path> s = Files.list(b)) {
                    for (Path p : (Iterable<Path>) s::iterator) {
                        String name = p.getFileName().toString();
                        Path link = dir.resolve(name);
                        if (JAVA_AND_MAVEN.contains(name) || Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS) || isJavaOrMaven(p)) {
                            continue;
                        }
                        Files.createSymbolicLink(link, p);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isJavaOrMaven(Path p) {
        try {
            String real = p.toRealPath().toString();
            return real.contains("/jvm/") || real.contains("/maven") || real.contains("/java-");
        } catch (IOException e) {
            return true; // a dangling link is of no use either
        }
    }

    /** Runs {@code command} in {@code dir} with exactly {@code env}; stdout and stderr together. */
    static Result run(Path dir, Map<String, String> env, long timeoutSeconds, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Path log = Files.createTempFile("healthgate-shell", ".log");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(log));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** HOME (the Maven repository and wrapper cache live under it) and a PATH; nothing else. */
    static Map<String, String> env(Path path, String... more) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("HOME", System.getProperty("user.home"));
        env.put("PATH", path.toString());
        env.put("LANG", "C.UTF-8");
        for (int i = 0; i + 1 < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    static List<String> lines(String out) {
        return new ArrayList<>(out.lines().toList());
    }
}
