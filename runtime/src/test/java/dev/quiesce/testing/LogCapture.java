package dev.quiesce.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What one logger (and its children) logs while this is open; it removes itself on close. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
    }

    /** Starts capturing what {@code loggerName} logs (the runtime's loggers: "dev.quiesce.wq", "dev.quiesce.rcu"). */
    public static LogCapture start(String loggerName) {
        LogCapture c = new LogCapture(loggerName);
        c.logger.addHandler(c);
        return c;
    }

    /** Every record logged so far, in order. */
    public List<LogRecord> records() {
        return records;
    }

    /** Every message logged so far, in order. */
    public List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    /** Whether a WARNING (or worse) message matching {@code p} was logged. */
    public boolean anyWarning(Predicate<String> p) {
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
