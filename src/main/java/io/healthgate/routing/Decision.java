package io.healthgate.routing;

import java.util.Objects;

/** What to do after an attempt: try the next candidate, or stop and answer with what we have. */
public sealed interface Decision {

    /** One line on why, for logs and the attempt record. */
    String reason();

    /** Try {@code next}. */
    record TryNext(Candidate next, String reason) implements Decision {
        public TryNext {
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Answer the client with the last attempt's result. */
    record Stop(String reason) implements Decision {
        public Stop {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
