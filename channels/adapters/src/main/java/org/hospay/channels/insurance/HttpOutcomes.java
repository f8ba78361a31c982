package org.hospay.channels.insurance;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.hospay.channels.Outcome;

/**
 * What a transport failure means for money, shared by the insurance, commercial and bank adapters.
 * Only a failure that proves the request never reached the counterparty (no connection, no such
 * host, TLS refused before any byte of the request) is Declined {@code CHANNEL_UNAVAILABLE};
 * everything else after the request may have left (timeout, reset, premature close, 5xx) is Unknown.
 */
public final class HttpOutcomes {

    private HttpOutcomes() {}

    /** True when the failure proves the request was never sent. */
    public static boolean provablyNotSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Netty's connect timeout and "connection refused" are both ConnectExceptions.
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof UnresolvedAddressException || t instanceof SSLHandshakeException) return true;
        }
        return false;
    }

    public static <T> Outcome<T> failure(String counterparty, Throwable failure) {
        if (provablyNotSent(failure))
            return Outcome.declined("CHANNEL_UNAVAILABLE", counterparty + " not reachable, nothing was sent: " + failure, "CONNECT_FAILED");
        if (failure instanceof TimeoutException)
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
            return Outcome.declined("CHANNEL_BUSY", counterparty + " is rate limiting (HTTP 429)", "HTTP_429");
        return Outcome.declined("CHANNEL_REJECTED", counterparty + " refused the request with HTTP " + status + ": " + snippet,
                "HTTP_" + status);
    }
}
