package io.healthgate.cli;

import picocli.CommandLine;

/** Entry point of {@code ./healthgate}: parses the command line and runs a subcommand. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return new CommandLine(new HealthgateCommand()).setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(MaskedWriter.over(System.out)).setErr(MaskedWriter.over(System.err)).execute(args);
    }
}
