package org.hospay.channels.insurance;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hospay.channels.Channel;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Outcome;
import org.hospay.channels.http.HttpOutcomes;
import org.hospay.channels.http.HttpTransport;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire half of the insurance adapter: builds the envelope, signs it (SM2, hospital key),
 * posts it, verifies the answer's signature (platform key) and hands the answer to the pure
 * {@link InsuranceMapping}. Every transaction goes to the one service path.
 *
 * <p>Failure semantics: a connection that cannot be made is {@code Declined(CHANNEL_UNAVAILABLE)};
 * no answer within {@link InsuranceConfig#responseTimeout()} after sending (timed by {@link HttpTransport}), a 5xx, an unreadable or
 * badly signed answer are Unknown; a signature or key problem on our side before sending is
 * {@code Declined(SIGNING_FAILED)}.
 */
public final class HttpInsurancePlatform implements InsurancePlatform {

    private static final DateTimeFormatter INF_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final InsuranceConfig config;
    private final Clock clock;
    private final MsgIdGenerator msgIds;
    private final WebClient web;

    public HttpInsurancePlatform(InsuranceConfig config, Clock clock) {
        this(config, clock, builder -> {});
    }

    /** @param customizer adds to the WebClient (observation for metrics and tracing, filters) */
    public HttpInsurancePlatform(InsuranceConfig config, Clock clock, Consumer<WebClient.Builder> customizer) {
        this(config, clock, customizer, new MsgIdGenerator(config.fixmedinsCode(), config.msgidNode(), clock));
    }

    /** @param msgIds the sender message ids, when the node is not {@code config.msgidNode()} (a leased, wider node) */
    public HttpInsurancePlatform(InsuranceConfig config, Clock clock, Consumer<WebClient.Builder> customizer, MsgIdGenerator msgIds) {
        this.config = config;
        this.clock = clock;
        this.msgIds = msgIds;
        this.web = HttpTransport.webClient(new HttpTransport.Settings(Channel.INSURANCE, config.baseUrl(), config.connectTimeout(),
                config.responseTimeout(), 16 * 1024 * 1024), customizer);
    }

    /** The generator behind {@link #newMsgId()}, for callers that want to hold it directly. */
    public MsgIdGenerator msgIdGenerator() {
        return msgIds;
    }

    @Override
    public String newMsgId() {
        return msgIds.next();
    }

    @Override
    public Mono<Outcome<Person>> personInfo(String msgid, CertType type, String certNo, String name) {
        return call("1101", msgid, () -> new Request("",
                InsuranceMapping.input1101(type, certNo, name, now())),
                InsuranceMapping::person);
    }

    @Override
    public Mono<Outcome<Registration>> register(String msgid, RegisterRequest request) {
        return call("2201", msgid, () -> new Request(request.insured().insuplcAdmdvs(),
                InsuranceMapping.input2201(request)),
                InsuranceMapping::registration);
    }

    @Override
    public Mono<Outcome<FeeUpload>> uploadFees(String msgid, FeeUploadRequest request) {
        return call("2204", msgid, () -> new Request(request.insured().insuplcAdmdvs(),
                InsuranceMapping.input2204(request)),
                InsuranceMapping::feeUpload);
    }

    @Override
    public Mono<Outcome<Settlement>> preSettle(String msgid, SettleRequest request) {
        return call("2206", msgid, () -> new Request(request.insured().insuplcAdmdvs(),
                InsuranceMapping.input2206(request)),
                InsuranceMapping::preSettlement);
    }

    @Override
    public Mono<Outcome<Settlement>> settle(String msgid, SettleRequest request) {
        return call("2207", msgid, () -> new Request(request.insured().insuplcAdmdvs(),
                InsuranceMapping.input2206(request)),
                InsuranceMapping::settlement);
    }

    @Override
    public Mono<Outcome<String>> cancelRegistration(String msgid, Insured insured, String mdtrtId, String iptOtpNo) {
        return call("2202", msgid, () -> new Request(insured.insuplcAdmdvs(),
                InsuranceMapping.input2202(insured.psnNo(), mdtrtId, iptOtpNo)), out -> mdtrtId);
    }

    @Override
    public Mono<Outcome<Cancellation>> cancelSettlement(String msgid, Insured insured, String mdtrtId, String setlId) {
        return call("2208", msgid, () -> new Request(insured.insuplcAdmdvs(),
                InsuranceMapping.input2208(insured.psnNo(), mdtrtId, setlId)),
                out -> InsuranceMapping.cancellation(out, setlId));
    }

    @Override
    public Mono<Outcome<Reversal>> reverse(String msgid, String originalMsgid, String originalInfno, Insured insured) {
        return call("2601", msgid, () -> new Request(insured.insuplcAdmdvs(),
                InsuranceMapping.input2601(insured.psnNo(), originalMsgid, originalInfno)),
                out -> InsuranceMapping.reversal(out, originalMsgid, originalInfno));
    }

    @Override
    public Mono<Outcome<List<Settlement>>> querySettlements(String msgid, Insured insured, String mdtrtId) {
        return call("5203", msgid, () -> new Request(insured.insuplcAdmdvs(),
                InsuranceMapping.input5203(insured.psnNo(), mdtrtId)),
                InsuranceMapping::settlements);
    }

    @Override
    public Mono<Outcome<StatementCheck>> reconcileTotals(String msgid, StatementTotals ours) {
        return call("3201", msgid, () -> new Request("",
                InsuranceMapping.input3201(ours)),
                InsuranceMapping::statementCheck);
    }

    @Override
    public Mono<Outcome<List<StatementLine>>> reconcileDetails(String msgid, LocalDate begin, LocalDate end) {
        return call("3202", msgid, () -> new Request("",
                InsuranceMapping.input3202(begin, end, config.mdtrtareaAdmvs())),
                InsuranceMapping::statementLines);
    }

    @Override
    public Mono<Outcome<MobileOrder>> mobileUploadFees(String msgid, MobileFeeUpload request) {
        return call("6201", msgid, () -> new Request(request.insured().insuplcAdmdvs(),
                MobileInsuranceMapping.input6201(request, config.fixmedinsCode(), config.orgId(), now())),
                MobileInsuranceMapping::mobileOrder);
    }

    @Override
    public Mono<Outcome<MobilePayment>> mobilePay(String msgid, String payOrdId, String payToken, String payAuthNo) {
        return call("6202", msgid, () -> new Request("",
                MobileInsuranceMapping.input6202(config.fixmedinsCode(), payOrdId, payToken, payAuthNo)),
                MobileInsuranceMapping::mobilePayment);
    }

    @Override
    public Mono<Outcome<MobileRefund>> mobileRefund(String msgid, MobileRefundRequest request) {
        return call("6203", msgid, () -> new Request("",
                MobileInsuranceMapping.input6203(request, config.fixmedinsCode())),
                MobileInsuranceMapping::mobileRefund);
    }

    @Override
    public Mono<Outcome<MobilePayment>> mobileQuery(String msgid, String payOrdId, String payToken) {
        return call("6301", msgid, () -> new Request("",
                MobileInsuranceMapping.input6301(config.fixmedinsCode(), payOrdId, payToken)),
                MobileInsuranceMapping::mobilePayment);
    }

    @Override
    public Mono<Outcome<MobilePayment>> mobileRevoke(String msgid, String payOrdId, String payToken) {
        return call("6401", msgid, () -> new Request("",
                MobileInsuranceMapping.input6301(config.fixmedinsCode(), payOrdId, payToken)),
                MobileInsuranceMapping::mobilePayment);
    }

    @Override
    public Mono<Outcome<Registration>> admit(String msgid, AdmissionRequest request) {
        return call("2401", msgid, () -> new Request(request.insured().insuplcAdmdvs(),
                InpatientInsuranceMapping.input2401(request, config.mdtrtareaAdmvs())),
                InpatientInsuranceMapping::admission);
    }

    @Override
    public Mono<Outcome<String>> cancelAdmission(String msgid, Insured insured, String mdtrtId) {
        return call("2404", msgid, () -> new Request(insured.insuplcAdmdvs(),
                InpatientInsuranceMapping.inputOfStay(insured.psnNo(), mdtrtId)), out -> mdtrtId);
    }

    @Override
    public Mono<Outcome<FeeUpload>> uploadInpatientFees(String msgid, FeeUploadRequest request) {
        return call("2301", msgid, () -> new Request(request.insured().insuplcAdmdvs(),
                InpatientInsuranceMapping.input2301(request)),
                InsuranceMapping::feeUpload);
    }

    @Override
    public Mono<Outcome<String>> cancelInpatientFees(String msgid, Insured insured, String mdtrtId, List<String> feedetlSns) {
        return call("2302", msgid, () -> new Request(insured.insuplcAdmdvs(),
                InpatientInsuranceMapping.input2302(insured.psnNo(), mdtrtId, feedetlSns)), out -> mdtrtId);
    }

    @Override
    public Mono<Outcome<String>> discharge(String msgid, DischargeRequest request) {
        return call("2402", msgid, () -> new Request(request.insured().insuplcAdmdvs(),
                InpatientInsuranceMapping.input2402(request)), out -> request.mdtrtId());
    }

    @Override
    public Mono<Outcome<String>> cancelDischarge(String msgid, Insured insured, String mdtrtId) {
        return call("2405", msgid, () -> new Request(insured.insuplcAdmdvs(),
                InpatientInsuranceMapping.inputOfStay(insured.psnNo(), mdtrtId)), out -> mdtrtId);
    }

    @Override
    public Mono<Outcome<Settlement>> preSettleInpatient(String msgid, SettleRequest request) {
        return call("2303", msgid, () -> new Request(request.insured().insuplcAdmdvs(),
                InpatientInsuranceMapping.input2304(request)),
                InsuranceMapping::preSettlement);
    }

    @Override
    public Mono<Outcome<Settlement>> settleInpatient(String msgid, SettleRequest request) {
        return call("2304", msgid, () -> new Request(request.insured().insuplcAdmdvs(),
                InpatientInsuranceMapping.input2304(request)),
                InsuranceMapping::settlement);
    }

    @Override
    public Mono<Outcome<Cancellation>> cancelInpatientSettlement(String msgid, Insured insured, String mdtrtId, String setlId) {
        return call("2305", msgid, () -> new Request(insured.insuplcAdmdvs(),
                InsuranceMapping.input2208(insured.psnNo(), mdtrtId, setlId)),
                out -> InsuranceMapping.cancellation(out, setlId));
    }

    // ------------------------------------------------------------------ wire

    /** The request's region (insuplc_admdvs) and input, built lazily so a bad request object becomes an outcome, not a throw. */
    private record Request(String insuplcAdmdvs, ObjectNode input) {}

    private <T> Mono<Outcome<T>> call(String infno, String msgid, Supplier<Request> request, Function<JsonNode, T> mapOutput) {
        return Mono.defer(() -> {
            ObjectNode envelope;
            try {
                Request r = request.get();
                envelope = envelope(infno, Objects.requireNonNull(msgid, "msgid"), r.insuplcAdmdvs(), r.input());
            } catch (RuntimeException e) {
                return Mono.just(Outcome.<T>declined(DeclineCodes.CHANNEL_REJECTED,
                        "request for " + infno + " not sent, it cannot be built: " + e, "LOCAL"));
            }
            byte[] body;
            try {
                body = Envelope.JSON.writeValueAsBytes(Envelope.sign(envelope, config.hospitalKey()));
            } catch (RuntimeException e) {
                return Mono.just(Outcome.<T>declined(DeclineCodes.SIGNING_FAILED, "could not sign " + infno + ": " + e.getMessage(), "LOCAL"));
            }
            return web.post().uri(config.servicePath())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchangeToMono(resp -> resp.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                            .map(answer -> interpret(infno, resp.statusCode().value(), answer, mapOutput)))
                    .onErrorResume(e -> Mono.just(HttpOutcomes.failure("insurance platform (" + infno + ")", e)));
        });
    }

    private ObjectNode envelope(String infno, String msgid, String insuplcAdmdvs, ObjectNode input) {
        ObjectNode env = Envelope.JSON.createObjectNode()
                .put("infno", infno)
                .put("msgid", msgid)
                .put("mdtrtarea_admvs", config.mdtrtareaAdmvs())
                .put("insuplc_admdvs", insuplcAdmdvs == null || insuplcAdmdvs.isEmpty() ? "" : insuplcAdmdvs)
                .put("recer_sys_code", config.recerSysCode())
                .put("dev_no", "")
                .put("dev_safe_info", "")
                .put("infver", config.infver())
                .put("opter_type", config.opterType())
                .put("opter", config.opter())
                .put("opter_name", config.opterName())
                .put("inf_time", INF_TIME.format(now()))
                .put("fixmedins_code", config.fixmedinsCode())
                .put("fixmedins_name", config.fixmedinsName())
                .put("sign_no", config.signNo());
        env.set("input", input);
        return env;
    }

    private <T> Outcome<T> interpret(String infno, int status, byte[] body, Function<JsonNode, T> mapOutput) {
        String who = "insurance platform (" + infno + ")";
        if (status != 200) return HttpOutcomes.status(who, status, new String(body, StandardCharsets.UTF_8));
        JsonNode answer;
        try {
            answer = Envelope.JSON.readTree(body);
        } catch (JacksonException e) {
            return Outcome.unknown(who + " answered something that is not JSON");
        }
        if (!Envelope.verify(answer, config.platformKey()))
            return Outcome.unknown(who + " answer signature does not verify; its content cannot be trusted");
        return InsuranceMapping.outcome(answer, mapOutput);
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), MsgIdGenerator.BEIJING);
    }
}
