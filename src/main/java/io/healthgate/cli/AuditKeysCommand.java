package io.healthgate.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

// Placeholder until its issue lands; exits 2 so nobody mistakes it for the real thing.
@Command(name = "audit-keys", description = "Not built yet.")
final class AuditKeysCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("healthgate audit-keys: not built yet");
        return 2;
    }
}
