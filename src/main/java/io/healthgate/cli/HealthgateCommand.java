package io.healthgate.cli;

import picocli.CommandLine.Command;

@Command(name = "healthgate",
        mixinStandardHelpOptions = true,
        versionProvider = BuildInfo.Provider.class,
        description = "An OpenAI- and Anthropic-compatible LLM gateway whose core is model health.",
        subcommands = {
                DemoCommand.class,
                ServeCommand.class,
                SimulateCommand.class,
                AuditKeysCommand.class,
                CleanupCommand.class,
                ReportCommand.class,
                picocli.CommandLine.HelpCommand.class
        })
final class HealthgateCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
