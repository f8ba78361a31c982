package org.hospay.channels.http;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Outcome;

/**
 * What a transport failure or an HTTP status means for money, for every adapter on {@link HttpTransport}.
 * Only a failure that proves the request never reached the counterparty (no connection, no such host,
 * connect timeout, TLS refused before any byte of the request) is Declined {@code CHANNEL_UNAVAILABLE};
 * no pooled connection free in time is Declined {@code CHANNEL_BUSY} (nothing left either); everything
 * after the request may have left (response timeout, reset, premature close, 5xx) is Unknown.
 */
public final class HttpOutcomes {

    /** The vendor code of a request that never left because the counterparty could not be reached. */
    public static final String CONNECT_FAILED = "CONNECT_FAILED";
    /** The vendor code of a request that never left because no pooled connection was free in time. */
    public static final String POOL_EXHAUSTED = "POOL_EXHAUSTED";

    /**
     * Reactor Netty's pool refusals (PoolAcquireTimeoutException, PoolAcquirePendingLimitException) live in its
     * shaded copy of reactor-pool, which is not API: matched by name, shaded or not.
     */
    private static final String POOL_ACQUIRE = "reactor.pool.PoolAcquire";

    private HttpOutcomes() {}

    /** True when the failure proves the counterparty was never reached. */
    public static boolean provablyNotSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Netty's connect timeout (ConnectTimeoutException) and "connection refused" are both ConnectExceptions.
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof UnresolvedAddressException || t instanceof SSLHandshakeException) return true;
        }
        return false;
    }

    /** True when no connection of our pool was free in time: the request waited on our side and never left. */
    public static boolean poolExhausted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().contains(POOL_ACQUIRE)) return true;
        }
        return false;
    }

    /** True when the answer did not come in time after sending (Netty's response timeout, or any other timer). */
    public static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof io.netty.handler.timeout.TimeoutException) return true;
        }
        return false;
    }

    public static <T> Outcome<T> failure(String counterparty, Throwable failure) {
        if (provablyNotSent(failure))
            return Outcome.declined(DeclineCodes.CHANNEL_UNAVAILABLE, counterparty + " not reachable, nothing was sent: " + failure, CONNECT_FAILED);
        if (poolExhausted(failure))
            return Outcome.declined(DeclineCodes.CHANNEL_BUSY, counterparty + ": no connection free in time, nothing was sent: " + failure,
                    POOL_EXHAUSTED);
        if (timedOut(failure))
            return Outcome.unknown(counterparty + " did not answer in time (the request may have been processed)");
        return Outcome.unknown(counterparty + " call failed after sending: " + failure);
    }

    /**
     * A non-2xx HTTP status. 5xx and 408 are Unknown (the request may have been processed); 429 and
     * the other 4xx were refused before processing, so Declined.
     */
    public static <T> Outcome<T> status(String counterparty, int status, String body) {
        String snippet = body == null ? "" : body.length() > 200 ? body.substring(0, 200) : body;
        if (status >= 500 || status == 408)
            return Outcome.unknown(counterparty + " answered HTTP " + status + ": " + snippet);
        if (status == 429)
            return Outcome.declined(DeclineCodes.CHANNEL_BUSY, counterparty + " is rate limiting (HTTP 429)", "HTTP_429");
        return Outcome.declined(DeclineCodes.CHANNEL_REJECTED, counterparty + " refused the request with HTTP " + status + ": " + snippet,
                "HTTP_" + status);
    }
}
