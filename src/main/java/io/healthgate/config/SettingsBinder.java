package io.healthgate.config;

import io.healthgate.catalog.Tier;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads the settings sections (everything but gateways and models) into records, reporting every bad value. */
final class SettingsBinder {
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final String ENV_NAME_WHAT = "an environment variable name like GROQ_API_KEY";
    static final List<String> TIER_NAMES = Arrays.stream(Tier.values()).map(Tier::wireName).toList();
    private static final String SECONDS_MIN_1 = "a whole number of seconds >= 1";
    private static final int MAX = Integer.MAX_VALUE;

    private SettingsBinder() {
    }

    static ServerConfig server(Section s) {
        var d = ServerConfig.defaults();
        var out = new ServerConfig(
                s.requiredString("host", "a host name or IP address to listen on"),
                s.integer("port", d.port(), 0, 65535, "a port 0-65535 (0 = any free port)"),
                s.wholeLong("max_body_bytes", d.maxBodyBytes(), 1, "a whole number of bytes >= 1"),
                s.integer("shutdown_grace_seconds", d.shutdownGraceSeconds(), 0, MAX, "a whole number of seconds >= 0"));
        s.finish();
        return out;
    }

    static AuthConfig auth(Section s) {
        var d = AuthConfig.defaults();
        var out = new AuthConfig(
                s.matching("client_keys_env", d.clientKeysEnv(), ENV_NAME, false, ENV_NAME_WHAT),
                s.matching("admin_key_env", d.adminKeyEnv(), ENV_NAME, false, ENV_NAME_WHAT),
                s.bool("protect_health", d.protectHealth()));
        s.finish();
        return out;
    }

    static StorageConfig storage(Section s) {
        var d = StorageConfig.defaults();
        String url = s.string("url", d.url());
        if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            s.problem("url", "expected jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB, got " + Section.quote(Section.redact(url)));
            url = d.url();
        }
        var out = new StorageConfig(url,
                s.integer("snapshot_retention_days", d.snapshotRetentionDays(), 1, MAX, "a whole number of days >= 1"),
                s.integer("flush_interval_ms", d.flushIntervalMs(), 1, MAX, "a whole number of milliseconds >= 1"));
        s.finish();
        return out;
    }

    static RedisConfig redis(Section s) {
        String url = s.string("url", RedisConfig.DEFAULT_URL);
        if (!url.isEmpty() && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
            s.problem("url", "expected \"\" (no Redis) or redis://HOST:PORT, got " + Section.quote(Section.redact(url)));
            url = RedisConfig.DEFAULT_URL;
        }
        s.finish();
        return new RedisConfig(url);
    }

    static MonitoringConfig monitoring(Section s) {
        var d = MonitoringConfig.defaults();
        boolean enabled = s.bool("enabled", d.enabled());
        Section tiersSection = s.section("tiers");
        Map<Tier, TierSchedule> tiers = new EnumMap<>(Tier.class);
        for (String name : tiersSection.keys()) {
            if (!TIER_NAMES.contains(name)) {
                continue; // reported by finish() with a suggestion
            }
            Tier tier = Tier.fromWireName(name);
            Section t = tiersSection.section(name);
            TierSchedule def = TierSchedule.DEFAULTS.get(tier);
            tiers.put(tier, new TierSchedule(
                    t.integer("interval_seconds", def.intervalSeconds(), 1, MAX, SECONDS_MIN_1),
                    t.integer("timeout_seconds", def.timeoutSeconds(), 1, MAX, SECONDS_MIN_1),
                    t.integer("max_tokens", def.maxTokens(), 1, MAX, "a whole number of tokens >= 1")));
            t.finish();
        }
        tiersSection.allowKeys(TIER_NAMES); // so a mistyped tier gets a suggestion
        tiersSection.finish();
        double degraded = s.decimal("degraded_error_rate", d.degradedErrorRate(), 0, 1, "a rate between 0 and 1");
        double unhealthy = s.decimal("unhealthy_error_rate", d.unhealthyErrorRate(), 0, 1, "a rate between 0 and 1");
        if (degraded > unhealthy) {
            s.problem("degraded_error_rate", "expected at most unhealthy_error_rate (" + unhealthy + "), got " + degraded);
            degraded = Math.min(d.degradedErrorRate(), unhealthy);
        }
        var out = new MonitoringConfig(enabled, tiers,
                s.integer("batch_size", d.batchSize(), 1, MAX, "a whole number >= 1"),
                s.integer("batch_interval_seconds", d.batchIntervalSeconds(), 0, MAX, "a whole number of seconds >= 0"),
                s.integer("jitter_seconds", d.jitterSeconds(), 0, MAX, "a whole number of seconds >= 0"),
                s.integer("per_gateway_concurrency", d.perGatewayConcurrency(), 1, MAX, "a whole number >= 1"),
                s.integer("hourly_probe_cap", d.hourlyProbeCap(), 0, MAX, "a whole number >= 0 (0 = no cap)"),
                s.integer("cold_start_timeout_seconds", d.coldStartTimeoutSeconds(), 1, MAX, SECONDS_MIN_1),
                s.integer("window_seconds", d.windowSeconds(), 1, MAX, SECONDS_MIN_1),
                s.integer("min_samples", d.minSamples(), 1, MAX, "a whole number >= 1"),
                degraded, unhealthy,
                s.decimal("degraded_latency_factor", d.degradedLatencyFactor(), 1, Double.MAX_VALUE, "a factor >= 1"));
        s.finish();
        return out;
    }

    static RoutingConfig routing(Section s) {
        var d = RoutingConfig.defaults();
        boolean healthAware = s.bool("health_aware", d.healthAware());
        int maxAttempts = s.integer("max_attempts", d.maxAttempts(), 1, MAX, "a whole number >= 1");
        int deadline = s.integer("total_deadline_seconds", d.totalDeadlineSeconds(), 1, MAX, SECONDS_MIN_1);
        Section ftt = s.section("first_token_timeout_seconds");
        Map<Tier, Integer> firstToken = new EnumMap<>(Tier.class);
        for (String name : TIER_NAMES) {
            Tier tier = Tier.fromWireName(name);
            firstToken.put(tier, ftt.integer(name, d.firstTokenTimeoutSeconds().get(tier), 1, MAX, SECONDS_MIN_1));
        }
        ftt.finish();
        List<String> rankNames = Arrays.stream(RoutingConfig.RankKey.values()).map(RoutingConfig.RankKey::wireName).toList();
        List<String> rank = s.strings("rank_by", d.rankBy().stream().map(RoutingConfig.RankKey::wireName).toList(),
                rankNames::contains, "ranking keys (" + String.join("|", rankNames) + ")");
        if (rank.isEmpty() || new HashSet<>(rank).size() != rank.size()) {
            s.problem("rank_by", "expected a non-empty list without repeats, got " + rank);
            rank = d.rankBy().stream().map(RoutingConfig.RankKey::wireName).toList();
        }
        Section h = s.section("hedging");
        var hedging = new RoutingConfig.Hedging(h.bool("enabled", RoutingConfig.Hedging.DEFAULT_ENABLED),
                h.integer("min_delay_ms", RoutingConfig.Hedging.DEFAULT_MIN_DELAY_MS, 0, MAX, "a whole number of milliseconds >= 0"));
        h.finish();
        Section b = s.section("breaker");
        var db = RoutingConfig.Breaker.defaults();
        var breaker = new RoutingConfig.Breaker(
                b.integer("failure_threshold", db.failureThreshold(), 1, MAX, "a whole number >= 1"),
                b.decimal("failure_rate", db.failureRate(), Double.MIN_VALUE, 1, "a rate above 0 and at most 1"),
                b.integer("min_calls", db.minCalls(), 1, MAX, "a whole number >= 1"),
                b.integer("window_seconds", db.windowSeconds(), 1, MAX, SECONDS_MIN_1),
                b.integer("open_seconds", db.openSeconds(), 1, MAX, SECONDS_MIN_1),
                b.integer("half_open_successes", db.halfOpenSuccesses(), 1, MAX, "a whole number >= 1"));
        b.finish();
        s.finish();
        return new RoutingConfig(healthAware, maxAttempts, deadline, firstToken,
                rank.stream().map(RoutingConfig.RankKey::fromWireName).toList(), hedging, breaker);
    }

    static AlertingConfig alerting(Section s) {
        var d = AlertingConfig.defaults();
        String webhook = s.url("webhook_url", d.webhookUrl(), true);
        String slack = s.url("slack_webhook_url", d.slackWebhookUrl(), true);
        String sentry = s.matching("sentry_dsn_env", d.sentryDsnEnv(), ENV_NAME, true, ENV_NAME_WHAT);
        int cooldown = s.integer("cooldown_minutes", d.cooldownMinutes(), 0, MAX, "a whole number of minutes >= 0");
        String pct = "a percentage 0-100";
        double warning = s.decimal("warning_below", d.warningBelow(), 0, 100, pct);
        double critical = s.decimal("critical_below", d.criticalBelow(), 0, 100, pct);
        double resolved = s.decimal("resolved_at", d.resolvedAt(), 0, 100, pct);
        if (critical > warning) {
            s.problem("critical_below", "expected at most warning_below (" + warning + "), got " + critical);
        }
        if (resolved < warning) {
            s.problem("resolved_at", "expected at least warning_below (" + warning + "), got " + resolved);
        }
        var out = new AlertingConfig(webhook, slack, sentry, cooldown, warning, critical, resolved,
                s.decimal("drop_points_per_hour", d.dropPointsPerHour(), 0, 100, "points 0-100"),
                s.integer("breaker_open_minutes", d.breakerOpenMinutes(), 1, MAX, "a whole number of minutes >= 1"));
        s.finish();
        return out;
    }

    static CleanupConfig cleanup(Section s) {
        var d = CleanupConfig.defaults();
        var out = new CleanupConfig(s.bool("schedule_enabled", d.scheduleEnabled()), s.bool("live", d.live()),
                s.integer("stale_days", d.staleDays(), 1, MAX, "a whole number of days >= 1"));
        s.finish();
        return out;
    }
}
