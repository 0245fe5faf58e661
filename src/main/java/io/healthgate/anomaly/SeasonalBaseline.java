package io.healthgate.anomaly;

import java.time.Duration;
import java.time.Instant;

/**
 * An hour-of-day baseline over the flat one: 24 {@link RobustEwma}s, one per UTC hour, learn beside
 * the flat baseline, and once the offer has {@code after} of its own history (a week by default:
 * every hour seen on several days) and the hour's slot has {@code minSamples}, that slot is the
 * usual value at that hour. An offer that is slower every afternoon is then not "drifting" each
 * afternoon, while a slowdown beyond its usual afternoon still is. Until then, the flat baseline.
 *
 * <p>Each slot runs on its own clock that advances only while the slot is fed (gaps capped at
 * {@link #SLOT_GAP_CAP}): an hour-long slot is visited once a day, and on wall time the 23 hours
 * between visits would make each day's first sample outweigh everything learnt before. Slot
 * half-life: {@value #SLOT_HALF_LIFE_FACTOR} times the flat one, in slot time, so a slot remembers
 * its hour over the last few days, not only today's. Learnt from live outcomes since the start:
 * not seeded from the stored history. Not thread-safe (the offer's lock guards it).
 */
final class SeasonalBaseline implements Baseline {
    static final int SLOTS = 24;
    static final Duration SLOT_GAP_CAP = Duration.ofMinutes(5);
    static final int SLOT_HALF_LIFE_FACTOR = 3;

    private final RobustEwma flat;
    private final RobustEwma[] slots = new RobustEwma[SLOTS];
    private final Instant[] slotClock = new Instant[SLOTS];
    private final Instant[] slotLastSeen = new Instant[SLOTS];
    private final Duration after;
    private final int minSamples;
    private Instant first;

    SeasonalBaseline(RobustEwma flat, Duration halfLife, int minSamples, double minSpread, Duration after) {
        this.flat = flat;
        this.after = after;
        this.minSamples = minSamples;
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new RobustEwma(halfLife.multipliedBy(SLOT_HALF_LIFE_FACTOR), minSamples, minSpread);
        }
    }

    @Override
    public long samples() {
        return flat.samples();
    }

    @Override
    public double center(Instant at) {
        RobustEwma slot = slotFor(at);
        return slot == null ? flat.center(at) : slot.center(at);
    }

    @Override
    public double spread(Instant at) {
        RobustEwma slot = slotFor(at);
        return slot == null ? flat.spread(at) : slot.spread(at);
    }

    @Override
    public String describe(Instant at) {
        return slotFor(at) == null ? "its baseline" : "its baseline for " + String.format("%02d", hour(at)) + ":00 UTC";
    }

    @Override
    public void learn(double x, Instant at, double clipSpreads) {
        if (first == null) {
            first = at;
        }
        flat.learn(x, at, clipSpreads);
        int h = hour(at);
        Instant last = slotLastSeen[h];
        if (last == null) {
            slotClock[h] = at;
        } else {
            Duration gap = Duration.between(last, at);
            slotClock[h] = slotClock[h].plus(gap.isNegative() ? Duration.ZERO : gap.compareTo(SLOT_GAP_CAP) > 0 ? SLOT_GAP_CAP : gap);
        }
        slotLastSeen[h] = last == null || at.isAfter(last) ? at : last;
        slots[h].learn(x, slotClock[h], clipSpreads);
    }

    /** The slot that is the usual value at {@code at}, or null while the flat baseline is. */
    private RobustEwma slotFor(Instant at) {
        if (first == null || at.isBefore(first.plus(after))) {
            return null;
        }
        RobustEwma slot = slots[hour(at)];
        return slot.samples() >= minSamples ? slot : null;
    }

    /** The UTC hour of day, by arithmetic: learn runs on every outcome, and a date-time per call was 1.2% of CPU at saturation. */
    static int hour(Instant at) {
        return (int) (Math.floorMod(at.getEpochSecond(), 86_400L) / 3_600L);
    }
}
