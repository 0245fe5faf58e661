package io.healthgate.health;

/**
 * Prints the figures of one {@link HealthAccuracyTest} run (detection and recovery times, probe
 * counts, status by ground truth) on lines starting {@code FIGURES:}, and whether the run met the
 * test's targets. Run by {@code bench/accuracy.sh}; the test itself asserts and prints nothing.
 */
public final class HealthAccuracyFigures {
    private HealthAccuracyFigures() {
    }

    public static void main(String[] args) throws Exception {
        HealthAccuracyTest.Run run = HealthAccuracyTest.run();
        run.figures().forEach(l -> System.out.println("FIGURES: " + l));
        System.out.flush();
        try {
            HealthAccuracyTest.assertTargets(run.ledger(), run.snapshot(), run.catalog());
            System.out.println("targets: met");
        } catch (AssertionError e) {
            System.out.println("targets: NOT met: " + e.getMessage());
            System.exit(1);
        }
    }
}
