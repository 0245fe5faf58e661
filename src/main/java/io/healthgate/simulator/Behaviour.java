package io.healthgate.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a simulated offer or gateway behaves. Every duration is multiplied by the scenario's
 * {@code time_scale} when it is used, so a test can compress a whole timeline.
 *
 * <p>Rules, in the order a request meets them: the gateway's active fault (static, or from a
 * scheduled outage) answers first; then the gateway's model-switch limit (429 when a request
 * would make more than {@code modelSwitchesPerMinute} distinct models in the window); then the
 * offer's active fault; then the token floor (400 when the request's max tokens is below
 * {@code minMaxTokens}); then the seeded error rate ({@code flakyFault} with probability
 * {@code errorRate}); otherwise a normal answer. Latency: the first byte waits gateway
 * {@code firstByteMs} + offer {@code firstByteMs}, plus the offer's {@code coldStartMs} when the
 * call is cold; chunks are {@code chunkDelayMs} apart (the larger of gateway and offer).
 *
 * @param firstByteMs delay before the first byte of any answer
 * @param chunkDelayMs delay between streamed chunks
 * @param coldStartMs extra first-byte delay of a cold call
 * @param idleSeconds a call is cold when it is the offer's first, or comes at least this long
 *     after the previous one; 0 or less: only the very first call is cold
 * @param fault the fault in force regardless of schedule ({@link Fault#NONE}: none)
 * @param retryAfterSeconds the Retry-After of a 429 (at least 1 on the wire)
 * @param cutAfterChunks how many chunks a {@link Fault#CUT_STREAM} or {@link Fault#STREAM_ERROR} stream sends first
 * @param errorRate probability in [0, 1] that a call fails with {@code flakyFault} (seeded)
 * @param flakyFault what a flaky call fails with (default {@link Fault#SERVER_ERROR})
 * @param minMaxTokens token floor: requests asking for fewer max tokens get a 400 (0 = none)
 * @param modelSwitchesPerMinute gateway only: distinct models allowed per (scaled) minute (0 = no limit)
 * @param outages scheduled outages, offsets from the fleet's start (each with an optional ramp before it)
 * @param stallSeconds how long a {@link Fault#STALL} keeps silent before going on (0: until the client gives up)
 * @param faultAfterTokens content tokens a stall, malformed event, cut or key echo lets through first
 * @param refusesPrefix true: a request ending with an assistant message (a prefix to continue) gets a 400
 */
public record Behaviour(
        long firstByteMs,
        long chunkDelayMs,
        long coldStartMs,
        long idleSeconds,
        Fault fault,
        int retryAfterSeconds,
        int cutAfterChunks,
        double errorRate,
        Fault flakyFault,
        int minMaxTokens,
        int modelSwitchesPerMinute,
        List<Outage> outages,
        double stallSeconds,
        int faultAfterTokens,
        boolean refusesPrefix) {

    /** Answers at once, never fails. */
    public static final Behaviour NORMAL = new Behaviour(0, 0, 0, 0, Fault.NONE, 0, 0, 0, Fault.SERVER_ERROR, 0, 0, List.of());
    /** Content tokens a stall, malformed event, cut or key echo lets through when a scenario does not say. */
    public static final int DEFAULT_FAULT_AFTER_TOKENS = 5;
    /** Retry-After when a scenario does not say. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 20;
    /** Chunks a cut stream sends when a scenario does not say. */
    public static final int DEFAULT_CUT_AFTER_CHUNKS = 3;

    public Behaviour {
        requireNonNegative("first_byte_ms", firstByteMs);
        requireNonNegative("chunk_delay_ms", chunkDelayMs);
        requireNonNegative("cold_start_ms", coldStartMs);
        requireNonNegative("retry_after_seconds", retryAfterSeconds);
        requireNonNegative("cut_after_chunks", cutAfterChunks);
        requireNonNegative("min_max_tokens", minMaxTokens);
        requireNonNegative("model_switches_per_minute", modelSwitchesPerMinute);
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("error_rate must be between 0 and 1, got " + errorRate);
        }
        fault = fault == null ? Fault.NONE : fault;
        flakyFault = flakyFault == null || flakyFault == Fault.NONE ? Fault.SERVER_ERROR : flakyFault;
        retryAfterSeconds = retryAfterSeconds == 0 ? DEFAULT_RETRY_AFTER_SECONDS : retryAfterSeconds;
        cutAfterChunks = cutAfterChunks == 0 ? DEFAULT_CUT_AFTER_CHUNKS : cutAfterChunks;
        outages = outages == null ? List.of() : List.copyOf(outages);
        if (!(stallSeconds >= 0) || Double.isInfinite(stallSeconds)) {
            throw new IllegalArgumentException("stall_seconds must be >= 0, got " + stallSeconds);
        }
        requireNonNegative("fault_after_tokens", faultAfterTokens);
        faultAfterTokens = faultAfterTokens == 0 ? DEFAULT_FAULT_AFTER_TOKENS : faultAfterTokens;
    }

    /** The behaviour as it was before stalls, token faults and prefixes existed (they get their defaults). */
    public Behaviour(long firstByteMs, long chunkDelayMs, long coldStartMs, long idleSeconds, Fault fault, int retryAfterSeconds,
                     int cutAfterChunks, double errorRate, Fault flakyFault, int minMaxTokens, int modelSwitchesPerMinute,
                     List<Outage> outages) {
        this(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, fault, retryAfterSeconds, cutAfterChunks, errorRate, flakyFault,
                minMaxTokens, modelSwitchesPerMinute, outages, 0, 0, false);
    }

    /**
     * The ramp in force {@code sinceStart} into the run: the first outage whose ramp is under way,
     * or null. A static fault or an outage already on means no ramp (the outage is what counts).
     */
    public RampNow rampAt(Duration sinceStart, double timeScale) {
        if (activeFault(sinceStart, timeScale) != Fault.NONE) {
            return null;
        }
        for (Outage o : outages) {
            double f = o.rampFraction(sinceStart, timeScale);
            if (f > 0) {
                return new RampNow(f, Math.round(o.ramp().toLatencyMs() * f), o.ramp().toErrorRate() * f, o);
            }
        }
        return null;
    }

    /** Where a ramp stands: {@code fraction} of the way, the extra latency (unscaled) and error rate it adds now. */
    public record RampNow(double fraction, long extraLatencyMs, double errorRate, Outage outage) {
    }

    private static void requireNonNegative(String name, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + v);
        }
    }

    /** The fault in force {@code sinceStart} into the run: the static fault, else an active scheduled outage's. */
    public Fault activeFault(Duration sinceStart, double timeScale) {
        if (fault != Fault.NONE) {
            return fault;
        }
        for (Outage o : outages) {
            if (o.activeAt(sinceStart, timeScale)) {
                return o.fault();
            }
        }
        return Fault.NONE;
    }

    public Behaviour withLatency(long firstByteMs, long chunkDelayMs) {
        return new Behaviour(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, fault, retryAfterSeconds, cutAfterChunks,
                errorRate, flakyFault, minMaxTokens, modelSwitchesPerMinute, outages, stallSeconds, faultAfterTokens, refusesPrefix);
    }

    public Behaviour withColdStart(long coldStartMs, long idleSeconds) {
        return new Behaviour(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, fault, retryAfterSeconds, cutAfterChunks,
                errorRate, flakyFault, minMaxTokens, modelSwitchesPerMinute, outages, stallSeconds, faultAfterTokens, refusesPrefix);
    }

    public Behaviour withFault(Fault fault) {
        return new Behaviour(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, fault, retryAfterSeconds, cutAfterChunks,
                errorRate, flakyFault, minMaxTokens, modelSwitchesPerMinute, outages, stallSeconds, faultAfterTokens, refusesPrefix);
    }

    public Behaviour withRetryAfter(int retryAfterSeconds) {
        return new Behaviour(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, fault, retryAfterSeconds, cutAfterChunks,
                errorRate, flakyFault, minMaxTokens, modelSwitchesPerMinute, outages, stallSeconds, faultAfterTokens, refusesPrefix);
    }

    public Behaviour withCutAfter(int cutAfterChunks) {
        return new Behaviour(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, fault, retryAfterSeconds, cutAfterChunks,
                errorRate, flakyFault, minMaxTokens, modelSwitchesPerMinute, outages, stallSeconds, faultAfterTokens, refusesPrefix);
    }

    public Behaviour withErrorRate(double errorRate, Fault flakyFault) {
        return new Behaviour(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, fault, retryAfterSeconds, cutAfterChunks,
                errorRate, flakyFault, minMaxTokens, modelSwitchesPerMinute, outages, stallSeconds, faultAfterTokens, refusesPrefix);
    }

    public Behaviour withMinMaxTokens(int minMaxTokens) {
        return new Behaviour(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, fault, retryAfterSeconds, cutAfterChunks,
                errorRate, flakyFault, minMaxTokens, modelSwitchesPerMinute, outages, stallSeconds, faultAfterTokens, refusesPrefix);
    }

    public Behaviour withModelSwitchesPerMinute(int modelSwitchesPerMinute) {
        return new Behaviour(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, fault, retryAfterSeconds, cutAfterChunks,
                errorRate, flakyFault, minMaxTokens, modelSwitchesPerMinute, outages, stallSeconds, faultAfterTokens, refusesPrefix);
    }

    /** A stall of {@code stallSeconds} (0: forever) after {@code afterTokens} content tokens. */
    public Behaviour withStall(int afterTokens, double stallSeconds) {
        return new Behaviour(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, Fault.STALL, retryAfterSeconds, cutAfterChunks,
                errorRate, flakyFault, minMaxTokens, modelSwitchesPerMinute, outages, stallSeconds, afterTokens, refusesPrefix);
    }

    /** Where a stall, malformed event, cut or key echo strikes: after this many content tokens. */
    public Behaviour withFaultAfterTokens(int afterTokens) {
        return new Behaviour(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, fault, retryAfterSeconds, cutAfterChunks,
                errorRate, flakyFault, minMaxTokens, modelSwitchesPerMinute, outages, stallSeconds, afterTokens, refusesPrefix);
    }

    public Behaviour withRefusesPrefix(boolean refuses) {
        return new Behaviour(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, fault, retryAfterSeconds, cutAfterChunks,
                errorRate, flakyFault, minMaxTokens, modelSwitchesPerMinute, outages, stallSeconds, faultAfterTokens, refuses);
    }

    /** This behaviour plus one more scheduled outage, degraded along {@code ramp} (null: none) before it starts. */
    public Behaviour withOutage(double startSeconds, double durationSeconds, Fault fault, Ramp ramp) {
        List<Outage> more = new ArrayList<>(outages);
        more.add(new Outage(startSeconds, durationSeconds, fault, ramp));
        return new Behaviour(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, this.fault, retryAfterSeconds, cutAfterChunks,
                errorRate, flakyFault, minMaxTokens, modelSwitchesPerMinute, more, stallSeconds, faultAfterTokens, refusesPrefix);
    }

    /** This behaviour plus one more scheduled outage. */
    public Behaviour withOutage(double startSeconds, double durationSeconds, Fault fault) {
        List<Outage> more = new ArrayList<>(outages);
        more.add(new Outage(startSeconds, durationSeconds, fault));
        return new Behaviour(firstByteMs, chunkDelayMs, coldStartMs, idleSeconds, this.fault, retryAfterSeconds, cutAfterChunks,
                errorRate, flakyFault, minMaxTokens, modelSwitchesPerMinute, more, stallSeconds, faultAfterTokens, refusesPrefix);
    }
}
