package io.healthgate.simulator;

/**
 * What the simulator will do with one request, decided when it arrives. Durations are already
 * scaled.
 *
 * @param fault {@link Fault#NONE} for a normal answer
 * @param tokenFloor the floor a {@link Fault#TOKEN_FLOOR} answer names
 * @param cold true when this call paid the cold-start delay
 */
record Plan(Fault fault, long firstByteMs, long chunkDelayMs, int cutAfterChunks, int retryAfterSeconds, int tokenFloor, boolean cold) {

    /** The stats label: {@code ok} or the fault's wire name. */
    String label() {
        return fault == Fault.NONE ? "ok" : fault.wireName();
    }
}
