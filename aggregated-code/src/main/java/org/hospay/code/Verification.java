package org.hospay.code;

import java.util.Objects;

/** The outcome of checking a {@link ScannedCode.SignedCode}: data, never an exception. */
public sealed interface Verification {

    /** Why a code is refused; the HTTP API reports these as {@code valid:false} with a reason. */
    enum Reason {
        /** The code names a platform key id this gateway is not configured with. */
        UNKNOWN_KEY,
        /** The SM2 signature does not verify over the signed text with the named key. */
        BAD_SIGNATURE,
        /** Issued further in the future than the allowed clock skew. */
        NOT_YET_VALID,
        /** Now is at or after the code's expiry. */
        EXPIRED,
        /** The nonce was already claimed: a code is accepted once. */
        REPLAYED
    }

    /** Authentic, within its validity window and (when a store was asked) not used before. */
    record Verified(ScannedCode.SignedCode code) implements Verification {
        public Verified {
            Objects.requireNonNull(code, "code");
        }
    }

    /** Refused, with a message for logs and the window that quotes no token. */
    record Rejected(Reason reason, String message) implements Verification {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
