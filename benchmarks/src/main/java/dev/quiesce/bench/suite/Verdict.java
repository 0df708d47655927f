package dev.quiesce.bench.suite;

/**
 * One target of the project against what this run measured.
 *
 * @param target the target as the project states it
 * @param measured the figures behind the verdict
 * @param status met, missed, or no result
 * @param note how much it was missed by, or what qualifies the verdict; empty when nothing does
 */
record Verdict(String target, String measured, Status status, String note) {
    enum Status {
        MET("met"), MISSED("**missed**"), NO_RESULT("**no result**");

        final String text;

        Status(String text) {
            this.text = text;
        }
    }

    /**
     * Met when {@code ok} (the note, which says by how much it was missed, is then dropped); no result when any
     * of {@code values} is NaN.
     */
    static Verdict of(String target, String measured, boolean ok, String note, double... values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return new Verdict(target, measured, Status.NO_RESULT, "a trial failed or did not run");
            }
        }
        return ok ? new Verdict(target, measured, Status.MET, "") : new Verdict(target, measured, Status.MISSED, note);
    }

    String verdictText() {
        return note.isEmpty() ? status.text : status.text + ": " + note;
    }
}
