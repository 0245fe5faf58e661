package io.healthgate.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The hedge bookkeeping of one journey: which attempts are live, which one won, and cancelling
 * the rest. The first attempt to claim the client wins for good; every other live attempt is
 * handed to the loser action (which records and cancels it) at that moment. Used on one event
 * loop only, so no locks.
 *
 * @param <A> the attempt type
 */
final class AttemptRace<A> {
    private final List<A> live = new ArrayList<>();
    private final BiConsumer<A, A> cancelLoser;
    private A winner;

    /** @param cancelLoser given a loser and the winner: records the loser as cancelled and drops its upstream call */
    AttemptRace(BiConsumer<A, A> cancelLoser) {
        this.cancelLoser = Objects.requireNonNull(cancelLoser, "cancelLoser");
    }

    void started(A attempt) {
        live.add(attempt);
    }

    /** The attempt is over (failed or finished); it no longer races. */
    void ended(A attempt) {
        live.remove(attempt);
    }

    boolean anyLive() {
        return !live.isEmpty();
    }

    boolean decided() {
        return winner != null;
    }

    boolean won(A attempt) {
        return winner == attempt;
    }

    /**
     * Makes {@code attempt} the one whose answer the client gets; every other live attempt loses.
     *
     * @return false when another attempt already won (then {@code attempt} must send nothing)
     */
    boolean claim(A attempt) {
        if (winner != null) {
            return winner == attempt;
        }
        winner = attempt;
        for (A other : List.copyOf(live)) {
            if (other != attempt) {
                live.remove(other);
                cancelLoser.accept(other, attempt);
            }
        }
        return true;
    }

    /** Every live attempt, for cancelling them all when the client goes away. */
    List<A> live() {
        return List.copyOf(live);
    }
}
