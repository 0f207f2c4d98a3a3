package io.pulsetracker.geofence;

/**
 * How a fence turns fixes into events, beyond the bare inside/outside test. Every rule is off unless set,
 * so {@link #NONE} behaves exactly like a fence without rules.
 *
 * <ul>
 *   <li><b>Hysteresis</b>: a device inside the fence leaves it only with a fix farther than
 *       {@code hysteresisMeters} beyond the boundary; entering is not affected.
 *   <li><b>Minimum dwell</b>: an entry counts only once the device has reported {@code minDwellFixes}
 *       consecutive fixes inside and (when both are set) {@code minDwellSeconds} have passed between the
 *       first and the latest of them, by recorded time. The {@code inside} event carries the fix that
 *       completed the dwell.
 *   <li><b>Accuracy gate</b>: a fix whose accuracy radius is larger than {@code maxAccuracyMeters} changes
 *       nothing for this fence. A fix without an accuracy passes the gate.
 *   <li><b>Cross events</b>: with {@code crossEvents}, two consecutive fixes outside the fence whose path
 *       passes through it give a {@code cross} event.
 * </ul>
 *
 * @param hysteresisMeters exit margin in metres, in [0, {@value #MAX_HYSTERESIS_METERS}], or null for none
 * @param minDwellFixes fixes inside before an entry counts, in [1, {@value #MAX_DWELL_FIXES}], or null
 * @param minDwellSeconds seconds inside before an entry counts, in [0, {@value #MAX_DWELL_SECONDS}], or null
 * @param maxAccuracyMeters the largest accuracy radius a fix may have to move state, in metres, greater
 *     than 0, or null for no gate
 * @param crossEvents whether {@code cross} events are produced
 */
public record FenceRules(
        Double hysteresisMeters,
        Integer minDwellFixes,
        Integer minDwellSeconds,
        Double maxAccuracyMeters,
        boolean crossEvents) {

    /** The largest exit margin; hysteresis distances are computed on a local flat approximation. */
    public static final double MAX_HYSTERESIS_METERS = 10_000;

    /** The most fixes a dwell may ask for. */
    public static final int MAX_DWELL_FIXES = 1_000;

    /** The longest dwell, one day. */
    public static final int MAX_DWELL_SECONDS = 86_400;

    /** No rule set: the first fix inside is an entry, the first fix outside an exit, no cross events. */
    public static final FenceRules NONE = new FenceRules(null, null, null, null, false);

    public FenceRules {
        if (hysteresisMeters != null && !(hysteresisMeters >= 0 && hysteresisMeters <= MAX_HYSTERESIS_METERS)) {
            throw new InvalidRuleException(
                    "hysteresis_m",
                    hysteresisMeters,
                    "a number of metres within [0, " + (int) MAX_HYSTERESIS_METERS + "]");
        }
        if (minDwellFixes != null && (minDwellFixes < 1 || minDwellFixes > MAX_DWELL_FIXES)) {
            throw new InvalidRuleException(
                    "min_dwell_fixes", minDwellFixes, "a whole number within [1, " + MAX_DWELL_FIXES + "]");
        }
        if (minDwellSeconds != null && (minDwellSeconds < 0 || minDwellSeconds > MAX_DWELL_SECONDS)) {
            throw new InvalidRuleException(
                    "min_dwell_seconds", minDwellSeconds, "a whole number within [0, " + MAX_DWELL_SECONDS + "]");
        }
        if (maxAccuracyMeters != null && !(maxAccuracyMeters > 0 && Double.isFinite(maxAccuracyMeters))) {
            throw new InvalidRuleException("max_accuracy_m", maxAccuracyMeters, "a number of metres greater than 0");
        }
    }

    /**
     * A rule value out of its range; the message names the rule by its API name and quotes the value.
     *
     * @param field the rule's name in the API, such as {@code hysteresis_m}
     * @param value the refused value
     */
    public static final class InvalidRuleException extends IllegalArgumentException {

        private final String field;
        private final String value;

        InvalidRuleException(String field, Object value, String expected) {
            super(field + " must be " + expected + ", was [" + value + "]");
            this.field = field;
            this.value = String.valueOf(value);
        }

        public String field() {
            return field;
        }

        public String value() {
            return value;
        }
    }

    /** Tells whether a fix with this accuracy radius (metres, null when unknown) may move this fence's state. */
    public boolean admits(Double accuracyMeters) {
        return maxAccuracyMeters == null || accuracyMeters == null || accuracyMeters <= maxAccuracyMeters;
    }

    /** The exit margin in metres; 0 when hysteresis is off. */
    public double exitMarginMeters() {
        return hysteresisMeters == null ? 0 : hysteresisMeters;
    }

    /**
     * Tells whether a run of fixes inside has lasted long enough to count as an entry.
     *
     * @param fixesInside consecutive fixes inside, the current one included (at least 1)
     * @param insideSinceMillis recorded time of the first of them, epoch milliseconds
     * @param nowMillis recorded time of the current fix, epoch milliseconds
     */
    public boolean dwellMet(int fixesInside, long insideSinceMillis, long nowMillis) {
        boolean enoughFixes = minDwellFixes == null || fixesInside >= minDwellFixes;
        boolean enoughTime = minDwellSeconds == null || nowMillis - insideSinceMillis >= minDwellSeconds * 1000L;
        return enoughFixes && enoughTime;
    }
}
