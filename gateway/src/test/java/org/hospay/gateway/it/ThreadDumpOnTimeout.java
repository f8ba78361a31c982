package org.hospay.gateway.it;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test fails because a request to the gateway never answered, writes every thread's stack to
 * {@code target/thread-dump-<test>.txt} before the failure is reported: a hang shows where it sits
 * (an event loop blocked, a pool exhausted) instead of only that it timed out. The failure stands.
 */
public final class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (causedByTimeout(failure)) {
            Path file = Path.of("target", "thread-dump-" + context.getRequiredTestClass().getSimpleName() + "-"
                    + context.getRequiredTestMethod().getName() + ".txt");
            try {
                StringBuilder dump = new StringBuilder("thread dump at ").append(Instant.now()).append('\n');
                for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                    dump.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
                    if (t.getLockName() != null) dump.append(" on ").append(t.getLockName());
                    if (t.getLockOwnerName() != null) dump.append(" owned by \"").append(t.getLockOwnerName()).append('"');
                    dump.append('\n');
                    for (StackTraceElement e : t.getStackTrace()) dump.append("    at ").append(e).append('\n');
                    dump.append('\n');
                }
                Files.createDirectories(file.getParent());
                Files.writeString(file, dump);
                failure.addSuppressed(new IllegalStateException("threads at the timeout: " + file.toAbsolutePath()));
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    private static boolean causedByTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || String.valueOf(c.getMessage()).contains("Timeout on blocking read")
                    || String.valueOf(c.getMessage()).contains("Timeout ")) return true;
        }
        return false;
    }
}
