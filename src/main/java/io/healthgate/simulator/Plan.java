package io.healthgate.simulator;

/**
 * What the simulator will do with one request, decided when it arrives. Durations are already
 * scaled.
 *
 * @param fault {@link Fault#NONE} for a normal answer
 * @param tokenFloor the floor a {@link Fault#TOKEN_FLOOR} answer names
 * @param cold true when this call paid the cold-start delay
 * @param stallMs how long a {@link Fault#STALL} stays silent, 0 = until the client gives up
 * @param afterTokens content tokens a stall, malformed event, cut or key echo lets through first
 */
record Plan(Fault fault, long firstByteMs, long chunkDelayMs, int cutAfterChunks, int retryAfterSeconds, int tokenFloor, boolean cold,
            long stallMs, int afterTokens) {

    Plan(Fault fault, long firstByteMs, long chunkDelayMs, int cutAfterChunks, int retryAfterSeconds, int tokenFloor, boolean cold) {
        this(fault, firstByteMs, chunkDelayMs, cutAfterChunks, retryAfterSeconds, tokenFloor, cold, 0, Behaviour.DEFAULT_FAULT_AFTER_TOKENS);
    }

    /** The stats label: {@code ok} or the fault's wire name. */
    String label() {
        return fault == Fault.NONE ? "ok" : fault.wireName();
    }
}
