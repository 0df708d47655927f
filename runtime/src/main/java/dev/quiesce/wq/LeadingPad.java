package dev.quiesce.wq;

/**
 * Leading padding for an object whose fields must share no cache line with the object before it in memory
 * ({@link PoolIntake}, {@link IntakeStripe}): 132 bytes after the object header (the {@code int} fills the
 * header's gap, so that no field of a subclass lands there). A superclass's fields come before a subclass's, so
 * the subclass's own fields follow the padding; each such class pads its end with trailing fields of its own.
 */
abstract class LeadingPad {
    @SuppressWarnings("unused")
    private int p;
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}
