package io.healthgate.support;

import io.healthgate.catalog.OfferId;
import io.healthgate.health.OutcomeClass;
import io.healthgate.sla.DetectionSource;
import io.healthgate.sla.OutcomeBucket;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted week of outcome history ending at {@code end}, with known incidents:
 * <ul>
 *   <li>every 10 minutes, each offer serves live traffic (groq llama 40 successes at 180 ms, groq
 *       deepseek 12 at 250 ms, together llama 20 at 400 ms, together gpt 15 at 600 ms), plus 2
 *       rate-limited calls on groq llama each hour and one probe success per offer each hour;</li>
 *   <li>day 3, 14:00-14:30 UTC: together's gpt and mistral offers fail with server errors, seen
 *       first by a probe at 14:00:05 (one incident, two offers, dominant server_error, probe);</li>
 *   <li>day 5, 09:00-09:12: groq llama times out for live traffic (one incident, timeout, traffic);</li>
 *   <li>the last 20 minutes: together mistral fails with connection errors (ongoing, probe).</li>
 * </ul>
 */
public final class SlaWeek {
    public static final OfferId GROQ_LLAMA = new OfferId("groq", "meta-llama/llama-3.3-70b");
    public static final OfferId GROQ_DEEPSEEK = new OfferId("groq", "deepseek/deepseek-v3");
    public static final OfferId TOGETHER_LLAMA = new OfferId("together", "meta-llama/llama-3.3-70b");
    public static final OfferId TOGETHER_GPT = new OfferId("together", "openai/gpt-4o");
    public static final OfferId TOGETHER_MISTRAL = new OfferId("together", "mistralai/mistral-large");

    private SlaWeek() {
    }

    public static List<OutcomeBucket> ending(Instant end) {
        Instant stop = end.truncatedTo(ChronoUnit.MINUTES);
        Instant start = stop.minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        List<OutcomeBucket> out = new ArrayList<>();
        Instant outage1 = start.plus(Duration.ofDays(2)).plus(Duration.ofHours(14));
        Instant outage2 = start.plus(Duration.ofDays(4)).plus(Duration.ofHours(9));
        Instant outage3 = stop.minus(Duration.ofMinutes(20));
        for (Instant m = start; m.isBefore(stop); m = m.plus(Duration.ofMinutes(1))) {
            boolean tick = m.getEpochSecond() / 60 % 10 == 0;
            boolean hour = m.getEpochSecond() / 60 % 60 == 0;
            boolean in1 = !m.isBefore(outage1) && m.isBefore(outage1.plus(Duration.ofMinutes(30)));
            boolean in2 = !m.isBefore(outage2) && m.isBefore(outage2.plus(Duration.ofMinutes(12)));
            boolean in3 = !m.isBefore(outage3);
            if (in2) {
                out.add(Buckets.at(m, GROQ_LLAMA).successes(1, 180).calls(OutcomeClass.TIMEOUT, 6, 3).build());
            } else if (tick) {
                Buckets b = Buckets.at(m, GROQ_LLAMA).successes(40, 180);
                if (hour) {
                    b.calls(OutcomeClass.RATE_LIMITED, 2);
                }
                out.add(b.build());
            }
            if (tick) {
                out.add(Buckets.at(m, GROQ_DEEPSEEK).successes(12, 250).build());
                out.add(Buckets.at(m, TOGETHER_LLAMA).successes(20, 400).build());
            }
            if (in1) {
                out.add(Buckets.at(m, TOGETHER_GPT).successes(1, 600).calls(OutcomeClass.SERVER_ERROR, 5, 30).build());
                out.add(Buckets.at(m, TOGETHER_MISTRAL).source(DetectionSource.PROBE).calls(OutcomeClass.SERVER_ERROR, 1, 5).build());
                out.add(Buckets.at(m, TOGETHER_MISTRAL).calls(OutcomeClass.SERVER_ERROR, 2, 40).build());
            } else if (in3) {
                out.add(Buckets.at(m, TOGETHER_MISTRAL).source(DetectionSource.PROBE).calls(OutcomeClass.CONNECTION_ERROR, 2, 1).build());
            } else if (tick) {
                out.add(Buckets.at(m, TOGETHER_GPT).successes(15, 600).build());
                out.add(Buckets.at(m, TOGETHER_MISTRAL).successes(3, 900).build());
            }
            if (hour && !in1 && !in3) {
                for (OfferId o : List.of(GROQ_LLAMA, GROQ_DEEPSEEK, TOGETHER_LLAMA, TOGETHER_GPT, TOGETHER_MISTRAL)) {
                    out.add(Buckets.at(m, o).source(DetectionSource.PROBE).successes(1, 300).build());
                }
            }
        }
        return out;
    }
}
