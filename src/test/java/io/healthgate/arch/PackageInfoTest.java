package io.healthgate.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every package under src/main/java states its rules in a package-info.java (docs/ARCHITECTURE.md
 * points readers there), so a new package without one fails the build.
 */
class PackageInfoTest {
    private static final Path MAIN = Path.of("src", "main", "java");

    @Test
    void everyPackageWithClassesHasAPackageInfoThatSaysSomething() throws IOException {
        List<Path> packages;
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            packages = dirs.filter(Files::isDirectory).filter(PackageInfoTest::holdsJavaFiles).toList();
        }
        assertThat(packages).as("packages under " + MAIN).hasSizeGreaterThanOrEqualTo(15);

        assertThat(packages).allSatisfy(dir -> {
            Path info = dir.resolve("package-info.java");
            assertThat(info).as(MAIN.relativize(dir).toString().replace('/', '.') + " needs a package-info.java stating its rules").isRegularFile();
            String text = Files.readString(info);
            assertThat(text).as(info.toString()).contains("/**").contains("package " + MAIN.relativize(dir).toString().replace('/', '.') + ";");
            assertThat(text.replaceAll("(?ms)^package [a-z.]+;.*", "").replaceAll("[/*\\s]+", " ").strip().length())
                    .as(info + " says what the package owns and its rules in a few lines").isGreaterThan(120);
        });
    }

    private static boolean holdsJavaFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
