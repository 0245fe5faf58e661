package io.healthgate.config;

import io.healthgate.alerting.AlertSettings;
import io.healthgate.alerting.AlertSinks;
import io.healthgate.catalog.Tier;
import io.healthgate.cleanup.CleanupSettings;
import io.healthgate.fleet.FleetSettings;
import io.healthgate.health.HealthSettings;
import io.healthgate.proxy.ProxySettings;
import io.healthgate.routing.AdaptiveDeadlines;
import io.healthgate.routing.BreakerSettings;
import io.healthgate.routing.FirstTokenDeadlines;
import io.healthgate.routing.HedgePolicy;
import io.healthgate.routing.RankKey;
import io.healthgate.routing.RecoveryTrials;
import io.healthgate.routing.RoutingSettings;
import io.healthgate.sla.SlaSettings;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the settings sections (everything but gateways and models) straight into the feature
 * records that own them. Here only the kind of each value is checked (a whole number, text,
 * true/false); ranges and relations are the records' own rules, reported through {@link Draft}
 * on the key path they name. Fallbacks are the records' named defaults.
 */
final class SettingsBinder {
    static final Pattern ENV_NAME = AuthConfig.ENV_NAME;
    static final String ENV_NAME_WHAT = "an environment variable name like GROQ_API_KEY";
    static final List<String> TIER_NAMES = Arrays.stream(Tier.values()).map(Tier::wireName).toList();

    private SettingsBinder() {
    }

    static ServerConfig server(Section s) {
        Draft d = new Draft(s);
        var host = d.add(s, "host", s.string("host", ServerConfig.DEFAULT_HOST), ServerConfig.DEFAULT_HOST);
        var port = d.integer(s, "port", ServerConfig.DEFAULT_PORT);
        var body = d.wholeLong(s, "max_body_bytes", ServerConfig.DEFAULT_MAX_BODY_BYTES);
        var grace = d.integer(s, "shutdown_grace_seconds", ServerConfig.DEFAULT_SHUTDOWN_GRACE_SECONDS);
        var bodyRead = d.integer(s, "body_read_timeout_seconds", ServerConfig.DEFAULT_BODY_READ_TIMEOUT_SECONDS);
        var idle = d.integer(s, "idle_timeout_seconds", ServerConfig.DEFAULT_IDLE_TIMEOUT_SECONDS);
        var headerRead = d.integer(s, "header_read_timeout_seconds", ServerConfig.DEFAULT_HEADER_READ_TIMEOUT_SECONDS);
        var connections = d.integer(s, "max_connections", ServerConfig.DEFAULT_MAX_CONNECTIONS);
        Section cors = s.section("cors");
        var origins = d.add(cors, "allowed_origins", cors.strings("allowed_origins", ServerConfig.DEFAULT_CORS_ALLOWED_ORIGINS,
                o -> !o.isBlank(), "origins like https://app.example.com, or *"), ServerConfig.DEFAULT_CORS_ALLOWED_ORIGINS);
        cors.finish();
        s.finish();
        return d.build(() -> new ServerConfig(host.get(), port.get(), body.get(), grace.get(), origins.get(),
                bodyRead.get(), idle.get(), headerRead.get(), connections.get()), ServerConfig::defaults);
    }

    static AuthConfig auth(Section s) {
        Draft d = new Draft(s);
        var keys = d.add(s, "client_keys_env", s.string("client_keys_env", AuthConfig.DEFAULT_CLIENT_KEYS_ENV), AuthConfig.DEFAULT_CLIENT_KEYS_ENV);
        var admin = d.add(s, "admin_key_env", s.string("admin_key_env", AuthConfig.DEFAULT_ADMIN_KEY_ENV), AuthConfig.DEFAULT_ADMIN_KEY_ENV);
        var protect = d.bool(s, "protect_health", AuthConfig.DEFAULT_PROTECT_HEALTH);
        s.finish();
        return d.build(() -> new AuthConfig(keys.get(), admin.get(), protect.get()), AuthConfig::defaults);
    }

    static StorageConfig storage(Section s) {
        Draft d = new Draft(s);
        var url = d.add(s, "url", s.string("url", StorageConfig.DEFAULT_URL), StorageConfig.DEFAULT_URL);
        var buffer = d.integer(s, "replay_buffer_max", StorageConfig.DEFAULT_REPLAY_BUFFER_MAX);
        var initial = d.integer(s, "reconnect_initial_ms", (int) StorageConfig.DEFAULT_RECONNECT.initial().toMillis());
        var max = d.integer(s, "reconnect_max_ms", (int) StorageConfig.DEFAULT_RECONNECT.max().toMillis());
        return d.build(() -> new StorageConfig(url.get(), buffer.get(), new io.healthgate.health.StoreLink.Backoff(
                Duration.ofMillis(initial.get()), Duration.ofMillis(max.get()))), StorageConfig::defaults);
    }

    /** {@code redis:} the connection, plus the fleet's own keys into {@link FleetSettings}. */
    static RedisConfig redis(Section s) {
        Draft d = new Draft(s);
        FleetSettings def = FleetSettings.DEFAULTS;
        var url = d.add(s, "url", s.string("url", RedisConfig.DEFAULT_URL), RedisConfig.DEFAULT_URL);
        var prefix = d.add(s, "key_prefix", s.string("key_prefix", RedisConfig.DEFAULT_KEY_PREFIX), RedisConfig.DEFAULT_KEY_PREFIX);
        var id = d.add(s, "instance_id", s.string("instance_id", RedisConfig.DEFAULT_INSTANCE_ID), RedisConfig.DEFAULT_INSTANCE_ID);
        var staleness = d.integer(s, "staleness_ms", (int) def.stalenessBound().toMillis());
        var lease = d.integer(s, "lease_seconds", (int) def.leaseTime().toSeconds());
        var heartbeat = d.integer(s, "heartbeat_ms", (int) def.heartbeat().toMillis());
        s.finish();
        return d.build(() -> new RedisConfig(url.get(), prefix.get(), id.get(), FleetSettings.of(staleness.get(), lease.get(), heartbeat.get())),
                RedisConfig::defaults);
    }

    /** {@code monitoring:} and the writer's keys of {@code storage:} (finished here) into {@link HealthSettings}. */
    static HealthgateConfig.Monitoring monitoring(Section s, Section storage) {
        Draft d = new Draft(s);
        HealthSettings def = HealthSettings.defaults();
        var enabled = s.bool("enabled", HealthgateConfig.Monitoring.DEFAULT_ENABLED);
        Section tiersSection = s.section("tiers");
        Map<Tier, Draft.Value<Integer>[]> tiers = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            Section t = tiersSection.section(tier.wireName());
            HealthSettings.TierSettings td = def.tier(tier);
            @SuppressWarnings("unchecked")
            Draft.Value<Integer>[] v = new Draft.Value[]{
                    d.integer(t, "interval_seconds", (int) td.interval().toSeconds()),
                    d.integer(t, "timeout_seconds", (int) td.timeout().toSeconds()),
                    d.integer(t, "max_tokens", td.maxTokens())};
            tiers.put(tier, v);
            t.finish();
        }
        tiersSection.finish();
        var batchSize = d.integer(s, "batch_size", def.batchSize());
        var batchInterval = d.integer(s, "batch_interval_seconds", (int) def.batchInterval().toSeconds());
        var jitter = d.integer(s, "jitter_seconds", (int) def.jitter().toSeconds());
        var perGateway = d.integer(s, "per_gateway_concurrency", def.perGatewayConcurrency());
        var cap = d.integer(s, "hourly_probe_cap", def.hourlyProbeCap());
        var coldStart = d.integer(s, "cold_start_timeout_seconds", (int) def.coldStartTimeout().toSeconds());
        var window = d.integer(s, "window_seconds", (int) def.window().toSeconds());
        var minSamples = d.integer(s, "min_samples", def.minSamples());
        var degraded = d.decimal(s, "degraded_error_rate", def.degradedErrorRate());
        var unhealthy = d.decimal(s, "unhealthy_error_rate", def.unhealthyErrorRate());
        var latency = d.decimal(s, "degraded_latency_factor", def.degradedLatencyFactor());
        var consecutive = d.integer(s, "unhealthy_consecutive_failures", def.unhealthyConsecutiveFailures());
        var recovery = d.integer(s, "recovery_successes", def.recoverySuccesses());
        var confirm = d.integer(s, "confirm_interval_seconds", (int) def.confirmInterval().toSeconds());
        var siblingWindow = d.integer(s, "sibling_window_seconds", (int) def.siblingWindow().toSeconds());
        var siblingFailures = d.integer(s, "sibling_failures", def.siblingFailures());
        var canaryInterval = d.integer(s, "canary_interval_seconds", (int) def.canaryInterval().toSeconds());
        var canaryCap = d.integer(s, "canary_hourly_cap", def.canaryHourlyCap());
        var canaryCompletion = d.integer(s, "canary_completion_interval_seconds", (int) def.canaryCompletionInterval().toSeconds());
        var throttleDefault = d.integer(s, "throttle_default_seconds", (int) def.defaultRetryAfter().toSeconds());
        var throttleMax = d.integer(s, "throttle_max_seconds", (int) def.throttleMaxWait().toSeconds());
        io.healthgate.anomaly.DriftSettings dd = def.drift();
        Section an = s.section("anomaly");
        var anEnabled = d.bool(an, "enabled", dd.enabled());
        var anFactor = d.decimal(an, "ttfb_factor", dd.ttfbFactor());
        var anBand = d.decimal(an, "band_spreads", dd.bandSpreads());
        var anRise = d.decimal(an, "error_rate_rise", dd.errorRateRise());
        var anCusum = d.decimal(an, "cusum_threshold", dd.cusumThreshold());
        var anSustain = d.integer(an, "sustain_seconds", (int) dd.sustain().toSeconds());
        var anMin = d.integer(an, "min_samples", dd.minSamples());
        var anBase = d.integer(an, "baseline_half_life_seconds", (int) dd.baselineHalfLife().toSeconds());
        var anRecent = d.integer(an, "recent_half_life_seconds", (int) dd.recentHalfLife().toSeconds());
        var anSeasonal = d.integer(an, "seasonal_after_days", (int) dd.seasonalAfter().toDays());
        an.finish();
        io.healthgate.health.AdaptiveProbing.Settings ad = def.adaptive();
        Section adS = s.section("adaptive");
        var adEnabled = d.bool(adS, "enabled", ad.enabled());
        var adStable = d.decimal(adS, "stable_max_factor", ad.stableMaxFactor());
        var adAfter = d.integer(adS, "stable_after_probes", ad.stableAfterProbes());
        var adHot = d.decimal(adS, "hot_min_factor", ad.hotMinFactor());
        adS.finish();
        var retention = d.integer(storage, "snapshot_retention_days", (int) def.retention().toDays());
        var flush = d.integer(storage, "flush_interval_ms", (int) def.flushInterval().toMillis());
        s.finish();
        storage.finish();
        HealthSettings health = d.build(() -> {
            HealthSettings.Builder b = HealthSettings.builder()
                    .batchSize(batchSize.get())
                    .batchInterval(Duration.ofSeconds(batchInterval.get()))
                    .jitter(Duration.ofSeconds(jitter.get()))
                    .perGatewayConcurrency(perGateway.get())
                    .hourlyProbeCap(cap.get())
                    .coldStartTimeout(Duration.ofSeconds(coldStart.get()))
                    .window(Duration.ofSeconds(window.get()))
                    .minSamples(minSamples.get())
                    .degradedErrorRate(degraded.get())
                    .unhealthyErrorRate(unhealthy.get())
                    .degradedLatencyFactor(latency.get())
                    .unhealthyConsecutiveFailures(consecutive.get())
                    .recoverySuccesses(recovery.get())
                    .confirmInterval(Duration.ofSeconds(confirm.get()))
                    .siblingWindow(Duration.ofSeconds(siblingWindow.get()))
                    .siblingFailures(siblingFailures.get())
                    .canaryInterval(Duration.ofSeconds(canaryInterval.get()))
                    .canaryHourlyCap(canaryCap.get())
                    .canaryCompletionInterval(Duration.ofSeconds(canaryCompletion.get()))
                    .adaptive(new io.healthgate.health.AdaptiveProbing.Settings(adEnabled.get(), adStable.get(), adAfter.get(), adHot.get()))
                    .defaultRetryAfter(Duration.ofSeconds(throttleDefault.get()))
                    .throttleMaxWait(Duration.ofSeconds(throttleMax.get()))
                    .retention(Duration.ofDays(retention.get()))
                    .flushInterval(Duration.ofMillis(flush.get()))
                    .drift(new io.healthgate.anomaly.DriftSettings(anEnabled.get(), anFactor.get(), anBand.get(), anRise.get(),
                            anCusum.get(), Duration.ofSeconds(anSustain.get()), anMin.get(), Duration.ofSeconds(anBase.get()),
                            Duration.ofSeconds(anRecent.get()), Duration.ofDays(anSeasonal.get())));
            tiers.forEach((tier, v) -> b.tier(tier, new HealthSettings.TierSettings(
                    Duration.ofSeconds(v[0].get()), Duration.ofSeconds(v[1].get()), v[2].get())));
            return b.build();
        }, HealthSettings::defaults);
        return new HealthgateConfig.Monitoring(enabled, health);
    }

    static HealthgateConfig.Routing routing(Section s) {
        Draft d = new Draft(s);
        ProxySettings defJourney = ProxySettings.defaults();
        BreakerSettings defBreaker = BreakerSettings.DEFAULTS;
        boolean healthAware = s.bool("health_aware", HealthgateConfig.Routing.DEFAULT_HEALTH_AWARE);
        var maxAttempts = d.integer(s, "max_attempts", RoutingSettings.DEFAULT_MAX_ATTEMPTS);
        var deadline = d.integer(s, "total_deadline_seconds", (int) RoutingSettings.DEFAULT_TOTAL_DEADLINE.toSeconds());
        Section ftt = s.section("first_token_timeout_seconds");
        Map<Tier, Draft.Value<Integer>> firstToken = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            int fallback = (int) FirstTokenDeadlines.DEFAULTS.byTier().get(tier).toSeconds();
            firstToken.put(tier, d.integer(ftt, tier.wireName(), fallback));
        }
        ftt.finish();
        List<String> rankNames = Arrays.stream(RankKey.values()).map(RankKey::wireName).toList();
        List<String> defRank = RoutingSettings.DEFAULT_RANK_BY.stream().map(RankKey::wireName).toList();
        var rank = d.add(s, "rank_by", s.strings("rank_by", defRank, rankNames::contains,
                "ranking keys (" + String.join("|", rankNames) + ")"), defRank);
        var streamIdle = d.integer(s, "stream_idle_seconds", (int) ProxySettings.DEFAULT_IDLE_TIMEOUT.toSeconds());
        var idleFloor = d.integer(s, "stream_idle_floor_seconds", (int) AdaptiveDeadlines.DEFAULT_STREAM_IDLE_FLOOR.toSeconds());
        var rescue = d.bool(s, "stream_rescue", ProxySettings.DEFAULT_STREAM_RESCUE);
        var trialInitial = d.integer(s, "recovery_trial_initial_seconds", (int) RecoveryTrials.DEFAULT_INITIAL_BACKOFF.toSeconds());
        var trialMax = d.integer(s, "recovery_trial_max_seconds", (int) RecoveryTrials.DEFAULT_MAX_BACKOFF.toSeconds());
        Section ft = s.section("first_token");
        var adaptive = d.bool(ft, "adaptive", AdaptiveDeadlines.DEFAULT_ENABLED);
        var floor = d.integer(ft, "floor_seconds", (int) AdaptiveDeadlines.DEFAULT_FIRST_TOKEN_FLOOR.toSeconds());
        var factor = d.decimal(ft, "p99_factor", AdaptiveDeadlines.DEFAULT_FACTOR);
        var samples = d.integer(ft, "min_samples", AdaptiveDeadlines.DEFAULT_MIN_SAMPLES);
        ft.finish();
        Section h = s.section("hedging");
        var hedgeOn = d.bool(h, "enabled", defJourney.hedging().enabled());
        var hedgeDelay = d.integer(h, "min_delay_ms", (int) HedgePolicy.DEFAULT_FLOOR.toMillis());
        h.finish();
        Section b = s.section("breaker");
        var threshold = d.integer(b, "failure_threshold", defBreaker.consecutiveFailures());
        var rate = d.decimal(b, "failure_rate", defBreaker.failureRateThreshold());
        var minCalls = d.integer(b, "min_calls", defBreaker.minimumCalls());
        var window = d.integer(b, "window_seconds", (int) defBreaker.window().toSeconds());
        var open = d.integer(b, "open_seconds", (int) defBreaker.openWait().toSeconds());
        var halfOpen = d.integer(b, "half_open_successes", defBreaker.successesToClose());
        b.finish();
        s.finish();
        return d.build(() -> {
            Map<Tier, Duration> byTier = new EnumMap<>(Tier.class);
            firstToken.forEach((tier, v) -> byTier.put(tier, Duration.ofSeconds(v.get())));
            AdaptiveDeadlines adapt = new AdaptiveDeadlines(adaptive.get(), Duration.ofSeconds(floor.get()), factor.get(),
                    samples.get(), Duration.ofSeconds(idleFloor.get()));
            ProxySettings journey = ProxySettings.of(maxAttempts.get(), Duration.ofSeconds(deadline.get()),
                    new FirstTokenDeadlines(byTier, Map.of()), HedgePolicy.of(hedgeOn.get(), Duration.ofMillis(hedgeDelay.get())),
                    RoutingSettings.parseRankBy(rank.get()), Duration.ofSeconds(streamIdle.get()), adapt, rescue.get());
            BreakerSettings breaker = BreakerSettings.of(threshold.get(), rate.get(), minCalls.get(),
                    Duration.ofSeconds(window.get()), Duration.ofSeconds(open.get()), halfOpen.get());
            RecoveryTrials.Backoff trials = new RecoveryTrials.Backoff(Duration.ofSeconds(trialInitial.get()), Duration.ofSeconds(trialMax.get()));
            return new HealthgateConfig.Routing(healthAware, journey, breaker, trials);
        }, () -> new HealthgateConfig.Routing(healthAware, defJourney, defBreaker));
    }

    static HealthgateConfig.Alerting alerting(Section s) {
        Draft d = new Draft(s);
        AlertSettings def = AlertSettings.defaults();
        var webhook = d.add(s, "webhook_url", s.url("webhook_url", "", true), "");
        var slack = d.add(s, "slack_webhook_url", s.url("slack_webhook_url", "", true), "");
        String sentry = s.matching("sentry_dsn_env", AlertSinks.Settings.DEFAULT_SENTRY_DSN_ENV, ENV_NAME, true, ENV_NAME_WHAT);
        var cooldown = d.integer(s, "cooldown_minutes", (int) def.cooldown().toMinutes());
        var warning = d.decimal(s, "warning_below", def.warningBelow());
        var critical = d.decimal(s, "critical_below", def.criticalBelow());
        var resolved = d.decimal(s, "resolved_at", def.resolvedAt());
        var drop = d.decimal(s, "drop_points_per_hour", def.dropPointsPerHour());
        var breakerOpen = d.integer(s, "breaker_open_minutes", (int) def.breakerOpenFor().toMinutes());
        var hold = d.integer(s, "hold_minutes", (int) def.hold().toMinutes());
        s.finish();
        return d.build(() -> new HealthgateConfig.Alerting(
                AlertSinks.Settings.of(webhook.get(), slack.get(), sentry),
                new AlertSettings(Duration.ofMinutes(cooldown.get()), warning.get(), critical.get(), resolved.get(),
                        drop.get(), Duration.ofMinutes(breakerOpen.get()), Duration.ofMinutes(hold.get()))),
                () -> new HealthgateConfig.Alerting(AlertSinks.Settings.of("", "", sentry), def));
    }

    /**
     * {@code sla:} (availability targets) and {@code storage.history_retention_days} into
     * {@link SlaSettings}. Call before {@link #monitoring}, which finishes the storage section.
     */
    static SlaSettings sla(Section s, Section storage) {
        Draft d = new Draft(s);
        SlaSettings def = SlaSettings.defaults();
        var retention = d.integer(storage, "history_retention_days", (int) def.retention().toDays());
        var target = d.decimal(s, "target_percent", def.defaultTarget());
        Map<String, Double> targets = new java.util.LinkedHashMap<>();
        s.stringMap("gateway_targets").forEach((gateway, text) -> {
            try {
                targets.put(gateway, Double.parseDouble(text.trim()));
            } catch (NumberFormatException e) {
                s.problem("gateway_targets." + gateway, "expected a percentage such as 99.9, got " + Section.quote(text));
            }
        });
        s.finish();
        return d.build(() -> SlaSettings.of(retention.get(), target.get(), targets), SlaSettings::defaults);
    }

    static CleanupSettings cleanup(Section s) {
        Draft d = new Draft(s);
        CleanupSettings def = CleanupSettings.defaults();
        var schedule = d.bool(s, "schedule_enabled", def.scheduleEnabled());
        var live = d.bool(s, "live", def.live());
        var stale = d.integer(s, "stale_days", (int) def.staleAfter().toDays());
        s.finish();
        return d.build(() -> CleanupSettings.of(schedule.get(), live.get(), stale.get()), CleanupSettings::defaults);
    }

    /** Every leaf key path under the settings sections with its value as text, in file order. */
    static Map<String, String> values(com.fasterxml.jackson.databind.JsonNode root, List<String> skip) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        root.properties().forEach(e -> {
            if (!skip.contains(e.getKey())) {
                leaves(e.getValue(), e.getKey(), out);
            }
        });
        return out;
    }

    private static void leaves(com.fasterxml.jackson.databind.JsonNode node, String path, Map<String, String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> leaves(e.getValue(), path + "." + e.getKey(), out));
        } else {
            out.put(path, node.isValueNode() ? node.asText() : node.toString());
        }
    }
}
