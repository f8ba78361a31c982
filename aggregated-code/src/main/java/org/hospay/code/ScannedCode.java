package org.hospay.code;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a window scanner's text turned out to be. Produced only by {@link ScannedCodeParser}.
 *
 * <p>{@link #valid()} is about the text itself (shape, check digit, calendar date, expiry of a
 * dynamic e-health card). The signature, validity window and single use of an e-voucher or
 * aggregated code are not checked here: that is {@link AggregatedCodeVerifier}'s job, so parsing
 * stays cheap and free of keys.
 *
 * <p>{@code toString()} of every record is its {@link #masked()} form, so logging a code never
 * writes a payment code, identity number or token in full.
 */
public sealed interface ScannedCode {

    /** The kinds, named as the HTTP API names them. */
    enum Kind {
        WECHAT_PAY_CODE,
        ALIPAY_CODE,
        UNIONPAY_CODE,
        INSURANCE_EVOUCHER,
        AGGREGATED_CODE,
        EHEALTH_CARD,
        ID_CARD,
        HOSPITAL_CARD,
        UNRECOGNIZED
    }

    Kind kind();

    /** A rendering safe for logs and responses: at most the first and last four characters of a number. */
    String masked();

    /** Why a recognised code is unusable; empty when it is usable. */
    Optional<String> invalidReason();

    default boolean valid() {
        return invalidReason().isEmpty();
    }

    /** WeChat Pay 付款码: 18 digits, prefix 10–15. */
    record WeChatPayCode(String digits) implements ScannedCode {
        public WeChatPayCode {
            Objects.requireNonNull(digits, "digits");
        }

        @Override
        public Kind kind() {
            return Kind.WECHAT_PAY_CODE;
        }

        @Override
        public String masked() {
            return Masking.mask(digits);
        }

        @Override
        public Optional<String> invalidReason() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "WeChatPayCode[" + masked() + "]";
        }
    }

    /** Alipay 付款码: 16–24 digits, prefix 25–30. */
    record AlipayCode(String digits) implements ScannedCode {
        public AlipayCode {
            Objects.requireNonNull(digits, "digits");
        }

        @Override
        public Kind kind() {
            return Kind.ALIPAY_CODE;
        }

        @Override
        public String masked() {
            return Masking.mask(digits);
        }

        @Override
        public Optional<String> invalidReason() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "AlipayCode[" + masked() + "]";
        }
    }

    /** UnionPay / 云闪付 付款码: 19 digits, prefix 62. */
    record UnionPayCode(String digits) implements ScannedCode {
        public UnionPayCode {
            Objects.requireNonNull(digits, "digits");
        }

        @Override
        public Kind kind() {
            return Kind.UNIONPAY_CODE;
        }

        @Override
        public String masked() {
            return Masking.mask(digits);
        }

        @Override
        public Optional<String> invalidReason() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "UnionPayCode[" + masked() + "]";
        }
    }

    /**
     * The two forms of the signed {@code HSA1} code (README): the fields as parsed, plus the exact
     * bytes the platform signed and the signature, not yet verified.
     */
    sealed interface SignedCode extends ScannedCode permits InsuranceEVoucher, AggregatedCode {

        /** The insured person's region (参保地区编码), 6 digits. */
        String regionCode();

        /** The e-voucher token (ecToken) to present to the insurance platform (mdtrt_cert_no). */
        String evoucherToken();

        Instant issuedAt();

        /** First instant at which the code is no longer accepted. */
        Instant expiresAt();

        /** Single-use nonce, 16 base32 characters. */
        String nonce();

        /** The platform signing key id, upper case as written in the code (ids are case-insensitive). */
        String keyId();

        /** The US-ASCII bytes the signature covers (a copy). */
        byte[] signedBytes();

        /** The 64-byte SM2 signature {@code r || s} (a copy). */
        byte[] signature();

        @Override
        default Optional<String> invalidReason() {
            return Optional.empty();
        }
    }

    /** A plain insurance e-voucher: insurance only, no self-pay channel. */
    record InsuranceEVoucher(String regionCode, String evoucherToken, Instant issuedAt, Instant expiresAt,
                             String nonce, String keyId, byte[] signedBytes, byte[] signature)
            implements SignedCode {
        public InsuranceEVoucher {
            Objects.requireNonNull(regionCode, "regionCode");
            Objects.requireNonNull(evoucherToken, "evoucherToken");
            Objects.requireNonNull(issuedAt, "issuedAt");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(nonce, "nonce");
            Objects.requireNonNull(keyId, "keyId");
            signedBytes = signedBytes.clone();
            signature = signature.clone();
        }

        @Override
        public byte[] signedBytes() {
            return signedBytes.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        byte[] signedBytesUnsafe() {
            return signedBytes;
        }

        byte[] signatureUnsafe() {
            return signature;
        }

        @Override
        public Kind kind() {
            return Kind.INSURANCE_EVOUCHER;
        }

        @Override
        public String masked() {
            return HsaFormat.PREFIX + regionCode + HsaFormat.SEPARATOR + Masking.mask(evoucherToken);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof InsuranceEVoucher other && Arrays.equals(signedBytes, other.signedBytes)
                    && Arrays.equals(signature, other.signature);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(signedBytes) + Arrays.hashCode(signature);
        }

        @Override
        public String toString() {
            return "InsuranceEVoucher[" + masked() + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt
                    + ", keyId=" + keyId + "]";
        }
    }

    /**
     * An aggregated code: e-voucher plus the self-pay channel and, when the platform has it, the
     * channel's payment authorisation (e.g. WeChat {@code pay_auth_no}).
     */
    record AggregatedCode(String regionCode, String evoucherToken, PayChannel channel, Optional<String> paymentAuth,
                          Instant issuedAt, Instant expiresAt, String nonce, String keyId,
                          byte[] signedBytes, byte[] signature)
            implements SignedCode {
        public AggregatedCode {
            Objects.requireNonNull(regionCode, "regionCode");
            Objects.requireNonNull(evoucherToken, "evoucherToken");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(paymentAuth, "paymentAuth");
            Objects.requireNonNull(issuedAt, "issuedAt");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(nonce, "nonce");
            Objects.requireNonNull(keyId, "keyId");
            signedBytes = signedBytes.clone();
            signature = signature.clone();
        }

        @Override
        public byte[] signedBytes() {
            return signedBytes.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        byte[] signedBytesUnsafe() {
            return signedBytes;
        }

        byte[] signatureUnsafe() {
            return signature;
        }

        @Override
        public Kind kind() {
            return Kind.AGGREGATED_CODE;
        }

        @Override
        public String masked() {
            return HsaFormat.PREFIX + regionCode + HsaFormat.SEPARATOR + Masking.mask(evoucherToken)
                    + HsaFormat.SEPARATOR + channel;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AggregatedCode other && Arrays.equals(signedBytes, other.signedBytes)
                    && Arrays.equals(signature, other.signature);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(signedBytes) + Arrays.hashCode(signature);
        }

        @Override
        public String toString() {
            return "AggregatedCode[" + masked() + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt
                    + ", keyId=" + keyId + "]";
        }
    }

    /**
     * 电子健康卡 QR text: {@code ID:TYPE} (static) or {@code ID:TYPE:VALIDITY} (dynamic); rules in
     * the README. {@code cardId} is upper-cased; {@code validUntil} is present for the dynamic form
     * (when it is a real date-time).
     */
    record EHealthCard(String cardId, String qrType, Optional<Instant> validUntil, Optional<String> invalidReason)
            implements ScannedCode {
        public EHealthCard {
            Objects.requireNonNull(cardId, "cardId");
            Objects.requireNonNull(qrType, "qrType");
            Objects.requireNonNull(validUntil, "validUntil");
            Objects.requireNonNull(invalidReason, "invalidReason");
        }

        public boolean dynamic() {
            return validUntil.isPresent();
        }

        @Override
        public Kind kind() {
            return Kind.EHEALTH_CARD;
        }

        @Override
        public String masked() {
            return Masking.mask(cardId) + ":" + qrType;
        }

        @Override
        public String toString() {
            return "EHealthCard[" + masked() + invalidReason.map(r -> ", invalid: " + r).orElse("") + "]";
        }
    }

    /**
     * Resident identity card number (GB 11643): 17 digits and an ISO 7064 MOD 11-2 check
     * character; a lower-case {@code x} is normalised to {@code X}.
     */
    record IdCard(String number, Optional<String> invalidReason) implements ScannedCode {
        public IdCard {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(invalidReason, "invalidReason");
        }

        /** The birth date, when the number is valid. */
        public Optional<LocalDate> birthDate() {
            return valid() ? Optional.of(IdCardRules.birthDate(number)) : Optional.empty();
        }

        @Override
        public Kind kind() {
            return Kind.ID_CARD;
        }

        @Override
        public String masked() {
            return Masking.mask(number);
        }

        @Override
        public String toString() {
            return "IdCard[" + masked() + invalidReason.map(r -> ", invalid: " + r).orElse("") + "]";
        }
    }

    /** A hospital's own patient card number, recognised by the configured pattern. */
    record HospitalCard(String number) implements ScannedCode {
        public HospitalCard {
            Objects.requireNonNull(number, "number");
        }

        @Override
        public Kind kind() {
            return Kind.HOSPITAL_CARD;
        }

        @Override
        public String masked() {
            return Masking.mask(number);
        }

        @Override
        public Optional<String> invalidReason() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "HospitalCard[" + masked() + "]";
        }
    }

    /**
     * Not a code of any known kind, or unusable as text (too long, control characters, non-ASCII
     * look-alikes, a malformed {@code HSA} code). The reason never quotes the input beyond a
     * character's code point, a length or a two-digit prefix.
     */
    record Unrecognized(String reason) implements ScannedCode {
        public Unrecognized {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Kind kind() {
            return Kind.UNRECOGNIZED;
        }

        /** Always empty: text of unknown meaning is not echoed at all, masked or not. */
        @Override
        public String masked() {
            return "";
        }

        @Override
        public Optional<String> invalidReason() {
            return Optional.of(reason);
        }

        @Override
        public boolean valid() {
            return false;
        }
    }
}
