package io.healthgate.health;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What probes cost, per gateway: requests and tokens since start, requests in the current clock
 * hour (for the optional hourly cap), and timeouts that a cold-start retry proved false.
 */
final class ProbeLedger {
    private final ConcurrentHashMap<String, Account> accounts = new ConcurrentHashMap<>();

    void recordRequest(String gateway, Instant now) {
        account(gateway).request(now);
    }

    void recordTokens(String gateway, long tokens) {
        if (tokens > 0) {
            account(gateway).tokens(tokens);
        }
    }

    void recordFalseTimeoutAvoided(String gateway) {
        account(gateway).falseTimeout();
    }

    long requestsThisHour(String gateway, Instant now) {
        Account a = accounts.get(gateway);
        return a == null ? 0 : a.spend(now).requestsThisHour();
    }

    HealthSnapshot.ProbeSpend spend(String gateway, Instant now) {
        Account a = accounts.get(gateway);
        return a == null ? HealthSnapshot.ProbeSpend.NONE : a.spend(now);
    }

    private Account account(String gateway) {
        return accounts.computeIfAbsent(gateway, g -> new Account());
    }

    private static final class Account {
        private long requests;
        private long tokens;
        private long falseTimeoutsAvoided;
        private long hour = Long.MIN_VALUE;
        private long requestsThisHour;

        synchronized void request(Instant now) {
            roll(now);
            requests++;
            requestsThisHour++;
        }

        synchronized void tokens(long n) {
            tokens += n;
        }

        synchronized void falseTimeout() {
            falseTimeoutsAvoided++;
        }

        synchronized HealthSnapshot.ProbeSpend spend(Instant now) {
            roll(now);
            return new HealthSnapshot.ProbeSpend(requests, tokens, requestsThisHour, falseTimeoutsAvoided);
        }

        private void roll(Instant now) {
            long h = Math.floorDiv(now.getEpochSecond(), 3600);
            if (h != hour) {
                hour = h;
                requestsThisHour = 0;
            }
        }
    }
}
