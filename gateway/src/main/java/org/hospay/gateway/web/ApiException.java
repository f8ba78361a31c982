package org.hospay.gateway.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** An error the caller caused or must know about, rendered as docs/api.md §4's {@code {"error":{code,message,details}}}. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> details;

    public ApiException(HttpStatus status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(HttpStatus status, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message);
    }

    public static ApiException badRequest(String code, String message, Map<String, Object> details) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message, details);
    }

    public static ApiException unauthenticated(String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", message);
    }

    /** 403: the caller is known but may not do this (wrong window, wrong terminal kind, not the payer). */
    public static ApiException forbidden(String code, String message) {
        return forbidden(code, message, Map.of());
    }

    public static ApiException forbidden(String code, String message, Map<String, Object> details) {
        return new ApiException(HttpStatus.FORBIDDEN, code, message, details);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(HttpStatus.NOT_FOUND, code, message);
    }

    /** 409: the resource's state does not allow this now (already paid, in progress, used). */
    public static ApiException conflict(String code, String message) {
        return conflict(code, message, Map.of());
    }

    public static ApiException conflict(String code, String message, Map<String, Object> details) {
        return new ApiException(HttpStatus.CONFLICT, code, message, details);
    }

    /** 410: it existed and is over for good (an expired session). */
    public static ApiException gone(String code, String message) {
        return new ApiException(HttpStatus.GONE, code, message);
    }

    /** 422: well-formed, but the rules refuse it (more than was paid, a key reused for another request). */
    public static ApiException unprocessable(String code, String message) {
        return unprocessable(code, message, Map.of());
    }

    public static ApiException unprocessable(String code, String message, Map<String, Object> details) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, code, message, details);
    }

    /**
     * 429 {@code RATE_LIMITED}: too many of these lately; {@code Retry-After} (whole seconds, at least 1) says
     * when one more will be taken. {@code details.retryAfterSeconds} carries the same for clients that read bodies.
     */
    public static ApiException rateLimited(String message, java.time.Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, RATE_LIMITED, message, Map.of(RETRY_AFTER_SECONDS, seconds));
    }

    public static final String RATE_LIMITED = "RATE_LIMITED";
    /** The detail of a 429 that {@link ApiErrors} turns into the {@code Retry-After} header. */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    /** 503: a dependency or this gateway cannot take it now; nothing was done, retrying is safe. */
    public static ApiException unavailable(String code, String message) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, code, message);
    }

    /** The same error with other details (e.g. what the caller needs to correlate it). */
    public ApiException withDetails(Map<String, Object> details) {
        return new ApiException(status, code, getMessage(), details);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
