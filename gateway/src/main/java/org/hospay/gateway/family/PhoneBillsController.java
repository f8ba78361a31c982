package org.hospay.gateway.family;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.hospay.gateway.audit.AuditLog;
import org.hospay.gateway.payment.Bill;
import org.hospay.gateway.payment.BillValidator;
import org.hospay.gateway.payment.LegRow;
import org.hospay.gateway.payment.LegStatus;
import org.hospay.gateway.payment.PaymentAnswer;
import org.hospay.gateway.payment.PaymentRequest;
import org.hospay.gateway.payment.PaymentService;
import org.hospay.gateway.payment.PaymentSource;
import org.hospay.gateway.payment.PaymentView;
import org.hospay.gateway.payment.SelfPayMethod;
import org.hospay.gateway.terminal.RequestSignature;
import org.hospay.gateway.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Paying outpatient bills from the phone (脱卡支付, docs/api.md §10.1). A verified mini-program user sees the bills the
 * HIS holds for their own identity number (from their token's verified claims, never from the request) and pays one:
 * the same engine, keys and one-live-payment-per-bill guard as the window, with mobile insurance (6201/6202) for the
 * insured part and an in-app order the patient confirms in their WeChat for the rest. A bill that is not theirs is
 * answered exactly like a bill that does not exist.
 */
@RestController
class PhoneBillsController {

    record BillView(String billNo, String cardNo, String medType, String issuedAt, long totalFen, List<PaymentRequest.Item> items,
                    String status, UUID paymentId) {}

    record BillsView(String patientName, String patientIdNo, List<BillView> bills) {}

    record PayRequest(String channel, String payerId) {}

    /** What the patient's app opens to pay the self-pay part: present while the in-app order waits for them. */
    record AppPay(String channel, String prepayId) {}

    record PhonePaymentView(@JsonUnwrapped PaymentView payment, AppPay appPay) {}

    private final HisBills his;
    private final VerifiedUsers users;
    private final PaymentService payments;
    private final AuditLog audit;
    private final String hospitalId;

    PhoneBillsController(HisBills his, VerifiedUsers users, PaymentService payments, AuditLog audit, FamilyProperties props) {
        this.his = his;
        this.users = users;
        this.payments = payments;
        this.audit = audit;
        this.hospitalId = props.hospitalId();
    }

    /** The caller's outpatient bills not paid yet: UNPAID, or PAYING with the payment under way (at a window or a phone). */
    @GetMapping("/api/v1/mini/bills")
    Mono<BillsView> bills(Principal user) {
        return Mono.defer(() -> {
            VerifiedUsers.Self me = users.self(MiniUser.of(user));
            return his.of(me.idNo())
                    .flatMapMany(Flux::fromIterable)
                    .filter(b -> Bill.MedType.OUTPATIENT.name().equals(b.medType()))
                    // A bill with a payment under way is PAYING; one paid (or refunded) is not listed.
                    .concatMap(b -> payments.liveByBill(hospitalId, b.billNo())
                            .next()
                            .map(live -> "PENDING".equals(live.status()) ? Optional.of(view(b, "PAYING", live.paymentId())) : Optional.<BillView>empty())
                            .defaultIfEmpty(Optional.of(view(b, "UNPAID", null))))
                    .flatMap(Mono::justOrEmpty)
                    .collectList()
                    .map(list -> new BillsView(Identities.maskName(me.name()), Identities.mask(me.idNo()), list));
        });
    }

    /**
     * Pays one of the caller's bills: {@code {"channel":"WECHAT","payerId":"<the user's openid>"}}, header
     * {@code Idempotency-Key}. 202 while the in-app order waits for the patient ({@code appPay}), 200 once final.
     */
    @PostMapping("/api/v1/mini/bills/{billNo}/payments")
    Mono<ResponseEntity<PhonePaymentView>> pay(Principal user, @PathVariable String billNo,
                                               @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                               @RequestBody(required = false) PayRequest body) {
        return Mono.defer(() -> {
            VerifiedUsers.Self me = users.self(MiniUser.of(user));
            SelfPayMethod method = method(body);
            String payerId = payerId(body);
            String payer = payer(user.getName());
            return his.of(me.idNo())
                    .flatMap(bills -> bills.stream().filter(b -> billNo.equals(b.billNo()) && Bill.MedType.OUTPATIENT.name().equals(b.medType()))
                            .findFirst().map(Mono::just).orElseGet(Mono::empty))
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("BILL_NOT_FOUND", "you have no outpatient bill " + billNo)))
                    .flatMap(b -> {
                        Bill bill = BillValidator.validate(b.billNo(), b.medType(), b.items(), b.totalFen());
                        var source = new PaymentSource.Phone(me.idNo(), Identities.mask(me.idNo()), method, payerId);
                        return audit.audited(AuditLog.Actor.user(hospitalId, user.getName()), "PHONE_PAYMENT", null,
                                payments.payFromPhone(hospitalId, payer, key, bill, source),
                                a -> a.view().paymentId().toString(), a -> a.view().status());
                    })
                    .flatMap(this::answer);
        });
    }

    @GetMapping("/api/v1/mini/payments/{paymentId}")
    Mono<PhonePaymentView> payment(Principal user, @PathVariable String paymentId) {
        return Mono.defer(() -> {
            users.self(MiniUser.of(user));
            UUID id;
            try {
                id = UUID.fromString(paymentId);
            } catch (IllegalArgumentException e) {
                throw ApiException.notFound("PAYMENT_NOT_FOUND", "no payment " + paymentId);
            }
            return payments.phonePayment(hospitalId, payer(user.getName()), id)
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("PAYMENT_NOT_FOUND", "no payment " + paymentId)))
                    .flatMap(this::withAppPay);
        });
    }

    private Mono<ResponseEntity<PhonePaymentView>> answer(PaymentAnswer a) {
        return withAppPay(a.view()).map(v -> switch (a) {
            case PaymentAnswer.Final f -> ResponseEntity.ok(v);
            case PaymentAnswer.StillRunning r -> ResponseEntity.status(HttpStatus.ACCEPTED)
                    .header("Location", "/api/v1/mini/payments/" + v.payment().paymentId()).body(v);
        });
    }

    /** The in-app order's pay reference while it waits for the patient (kept as the leg's vendor code when it was created). */
    private Mono<PhonePaymentView> withAppPay(PaymentView v) {
        return payments.legsOf(v.paymentId())
                .filter(l -> l.kind() == LegRow.Kind.SELF_PAY && l.status() == LegStatus.PENDING && l.vendorCode() != null)
                .next()
                .map(l -> new PhonePaymentView(v, new AppPay(SelfPayMethod.valueOf(l.channel()).appChannel().orElseThrow().name(), l.vendorCode())))
                .defaultIfEmpty(new PhonePaymentView(v, null));
    }

    private static BillView view(HisBills.HisBill b, String status, UUID paymentId) {
        return new BillView(b.billNo(), b.cardNo() == null ? null : Identities.mask(b.cardNo()), b.medType(), b.issuedAt(),
                b.totalFen() == null ? 0 : b.totalFen().longValueExact(), b.items(), status, paymentId);
    }

    private static SelfPayMethod method(PayRequest body) {
        String channel = body == null || body.channel() == null ? "" : body.channel().strip().toUpperCase(Locale.ROOT);
        return switch (channel) {
            case "WECHAT" -> SelfPayMethod.WECHAT_APP;
            default -> throw ApiException.badRequest("INVALID_CHANNEL", "channel must be WECHAT (in-app payment)");
        };
    }

    private static String payerId(PayRequest body) {
        String id = body == null ? null : body.payerId();
        if (id == null || id.isBlank() || id.length() > 128 || !id.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ApiException.badRequest("INVALID_PAYER_ID", "payerId is the user's account at the channel (WeChat openid), 1-128 visible characters");
        }
        return id.strip();
    }

    /** The mini-program user as the owner of their phone payments (and their idempotency keys): stable, not the raw subject. */
    static String payer(String subject) {
        return "mini:" + RequestSignature.sha256Hex(subject.getBytes(StandardCharsets.UTF_8)).substring(0, 40);
    }
}
