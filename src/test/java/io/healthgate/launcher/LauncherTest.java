package io.healthgate.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./healthgate} on machines that lack something: it picks {@code mvn} from PATH when there
 * is one and the Maven Wrapper otherwise, and without a JDK 21+ it says what it found and what to
 * install. (The wrapper really downloading and building is DistributionTest's first step.)
 */
class LauncherTest {
    @TempDir
    static Path shared;
    private static Path tools;

    @org.junit.jupiter.api.BeforeAll
    static void linkTools() {
        tools = Shell.toolsWithout(shared.resolve("tools"));
    }

    /** A copy of the launcher and the wrapper files, so nothing here touches the checkout's target/. */
    private static Path launcherCopy(Path dir) throws IOException {
        Files.copy(Shell.REPO.resolve("healthgate"), dir.resolve("healthgate"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
        return dir;
    }

    /** A fake executable that records its arguments, standing in for a Maven that is not under test here. */
    private static void fakeCommand(Path file, String name) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\necho \"" + name + " ran: $*\"\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A folder that looks like a JDK of the given major version to the launcher's version probe. */
    private static Path fakeJdk(Path root, String name, String version) throws IOException {
        Path bin = root.resolve(name).resolve("bin");
        Files.createDirectories(bin);
        for (String tool : new String[] {"java", "javac"}) {
            Files.writeString(bin.resolve(tool), "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2025-01-21' >&2\n");
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return root.resolve(name);
    }

    @Test
    void withoutMavenOnThePathTheBuildGoesThroughTheWrapper(@TempDir Path dir) throws IOException {
        Path copy = launcherCopy(Files.createDirectories(dir.resolve("repo")));
        fakeCommand(copy.resolve("mvnw"), "mvnw");

        Shell.Result r = Shell.run(copy, Shell.env(tools), 60, "./healthgate", "build");

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("no mvn on PATH; using ./mvnw").contains("mvnw ran: -B -q -DskipTests package");
    }

    @Test
    void mavenOnThePathIsPreferredOverTheWrapper(@TempDir Path dir) throws IOException {
        Path copy = launcherCopy(Files.createDirectories(dir.resolve("repo")));
        fakeCommand(copy.resolve("mvnw"), "mvnw");
        fakeCommand(dir.resolve("maven/bin/mvn"), "mvn");

        Shell.Result r = Shell.run(copy, Shell.env(Path.of(dir.resolve("maven/bin") + ":" + tools)), 60, "./healthgate", "test", "-Dtest=X");

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("mvn ran: -B --no-transfer-progress test -Dtest=X").doesNotContain("mvnw");
    }

    @Test
    void withoutASuitableJdkItListsWhatItFoundAndWhatToInstall(@TempDir Path dir) throws IOException {
        Path copy = launcherCopy(Files.createDirectories(dir.resolve("repo")));
        Path jvms = dir.resolve("jvms");
        fakeJdk(jvms, "jdk-17", "17.0.15");
        Path jdk11 = fakeJdk(jvms, "jdk-11", "11.0.2");

        Shell.Result r = Shell.run(copy, Shell.env(tools, "HEALTHGATE_JDK_DIRS", jvms.toString(), "JAVA_HOME", jdk11.toString()),
                60, "./healthgate", "--version");

        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains("needs a JDK 21 or newer")
                .contains("JAVA_HOME=" + jdk11 + " is Java 11")
                .contains(jvms.resolve("jdk-17") + " is Java 17")
                .contains("install one, e.g. 'apt-get install openjdk-21-jdk'");
    }

    @Test
    void withNoJdkAtAllItSaysWhereItLooked(@TempDir Path dir) throws IOException {
        Path copy = launcherCopy(Files.createDirectories(dir.resolve("repo")));
        Path empty = Files.createDirectories(dir.resolve("no-jvms"));

        Shell.Result r = Shell.run(copy, Shell.env(tools, "HEALTHGATE_JDK_DIRS", empty.toString()), 60, "./healthgate", "build");

        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains("found: no JDK at all").contains(empty.toString()).contains("JDK 21");
    }
}
