package io.healthgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.healthgate.audit.KeyAudit;
import io.healthgate.audit.KeyAuditReport;
import io.healthgate.audit.KeyVerifier;
import io.healthgate.catalog.Catalog;
import io.healthgate.config.CatalogFactory;
import io.healthgate.config.ConfigException;
import io.healthgate.config.ConfigLoader;
import io.healthgate.config.HealthgateConfig;
import io.healthgate.providers.ModelsListKeyVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code ./healthgate audit-keys [--config F] [--json] [--verify]}: one row per gateway with the
 * key variable it expects and what the environment holds for it, never the key itself. Exit 0
 * when every enabled gateway is configured (and, with --verify, no key was rejected), 1 otherwise,
 * 2 when the configuration is unusable.
 */
@Command(name = "audit-keys", mixinStandardHelpOptions = true,
        description = {"Shows, gateway by gateway, which API key variable it expects, whether it is set,",
                "empty or malformed, a masked fingerprint, and hints for similarly named variables.",
                "Exit 0 when every enabled gateway is configured, 1 otherwise, 2 on a config error."})
final class AuditKeysCommand implements Callable<Integer> {
    static final int CONFIG_ERROR = 2;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (default: built-in defaults and catalog)")
    Path config;

    @Option(names = "--json", description = "Print a JSON array of rows instead of a table")
    boolean json;

    @Option(names = "--verify", description = "Ask each configured gateway's models list whether the key works (one cheap call each)")
    boolean verify;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", description = "Per-call timeout for --verify (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    private final Supplier<Map<String, String>> env;
    private final Supplier<KeyVerifierHandle> verifierFactory;
    private final PrintStream out;
    private final PrintStream err;

    /** A verifier and how to release it once the audit is done. */
    record KeyVerifierHandle(KeyVerifier verifier, AutoCloseable closer) {
    }

    AuditKeysCommand() {
        this(System::getenv, () -> {
            ModelsListKeyVerifier v = ModelsListKeyVerifier.standalone();
            return new KeyVerifierHandle(v, v);
        }, System.out, System.err);
    }

    AuditKeysCommand(Supplier<Map<String, String>> env, Supplier<KeyVerifierHandle> verifierFactory, PrintStream out, PrintStream err) {
        this.env = env;
        this.verifierFactory = verifierFactory;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> environment = env.get();
        Catalog catalog;
        try {
            HealthgateConfig cfg = ConfigLoader.load(Optional.ofNullable(config), environment);
            catalog = CatalogFactory.build(cfg, environment);
        } catch (ConfigException e) {
            err.println("healthgate audit-keys: configuration error");
            e.problems().forEach(p -> err.println("  " + p));
            return CONFIG_ERROR;
        }
        if (timeoutSeconds < 1) {
            err.println("healthgate audit-keys: --timeout must be >= 1 second, got " + timeoutSeconds);
            return CONFIG_ERROR;
        }
        KeyAuditReport report;
        if (verify) {
            KeyVerifierHandle handle = verifierFactory.get();
            try (AutoCloseable ignored = handle.closer()) {
                report = KeyAudit.run(catalog, environment, Optional.of(handle.verifier()), Duration.ofSeconds(timeoutSeconds));
            }
        } else {
            report = KeyAudit.run(catalog, environment, Optional.empty());
        }
        if (json) {
            out.println(toJson(report));
        } else {
            out.print(report.toTable());
        }
        return report.exitCode();
    }

    static String toJson(KeyAuditReport report) throws JsonProcessingException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report.toJsonRows());
    }
}
