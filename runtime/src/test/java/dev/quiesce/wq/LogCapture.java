package dev.quiesce.wq;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What the workqueue package logs while this is open (it removes itself on close). */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("dev.quiesce.wq");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture() {}

    static LogCapture start() {
        LogCapture c = new LogCapture();
        c.logger.addHandler(c);
        return c;
    }

    /** Every message logged so far, in order. */
    List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    /** Whether a WARNING (or worse) message matching {@code p} was logged. */
    boolean anyWarning(Predicate<String> p) {
        return records.stream().anyMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                && p.test(r.getMessage()));
    }

    @Override
    public void publish(LogRecord r) {
        records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
