package org.hospay.simulator.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.Money;
import org.hospay.channels.alipay.AlipayMapping;
import org.hospay.channels.alipay.AlipayProtocol;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.demo.DemoKeys;
import org.hospay.channels.insurance.DemoOnlyHospitalSm2Key;
import org.hospay.channels.insurance.Envelope;
import org.hospay.channels.insurance.InsuranceConfig;
import org.hospay.channels.insurance.InsurancePlatform;
import org.hospay.channels.insurance.InsurancePlatform.FeeCategory;
import org.hospay.channels.insurance.MsgIdGenerator;
import org.hospay.channels.unionpay.UnionPayMapping;
import org.hospay.channels.unionpay.UnionPayProtocol;
import org.hospay.channels.wechat.WechatPayMapping;
import org.hospay.channels.wechat.WechatPaySignatures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Correctly signed requests to the simulator's vendor endpoints, made with the adapters' own protocol
 * and signing code and the DEMO keys, as the gateway would send them; and the test data they need,
 * made through {@code /sim/*}. Answers are never verified here: the benchmark also runs the simulator
 * with unsigned answers ({@code sim.signing.sign-answers=false}).
 */
final class SignedRequests {

    static final long CHARGE_FEN = 2350;
    private static final DateTimeFormatter INF_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter BIRTHDAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final AtomicLong SEQ = new AtomicLong();
    /** Keeps this run's ID numbers apart from another test's on the same simulator. */
    private static final long RUN_DIGITS = Math.floorMod(System.nanoTime(), 1000);

    /** A person the platform knows, looked up by ID number. */
    record Person(String psnNo, String idNo, String name) {}

    /** A registered outpatient visit with one uploaded two-line bill. */
    record Visit(Person person, String mdtrtId, String chrgBchno, long totalFen) {}

    private final URI base;
    private final HttpClient http;
    /** The envelope fields the gateway's insurance adapter sends in demo mode. */
    private final InsuranceConfig insurance;
    private final MsgIdGenerator msgIds;
    private final PrivateKey hospital = DemoOnlyHospitalSm2Key.privateKey();
    private final RsaSigner wechat = new RsaSigner(DemoKeys.wechatMerchant().privateKey());
    private final RsaSigner alipay = new RsaSigner(DemoKeys.alipayApp().privateKey());
    private final RsaSigner unionpay = new RsaSigner(DemoKeys.unionpayMerchant().privateKey());
    private final String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase();

    SignedRequests(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
        this.insurance = InsuranceConfig.demo(base, org.hospay.code.DemoKeys.platformKeyPair(org.hospay.code.DemoKeys.CURRENT).getPublic());
        this.msgIds = new MsgIdGenerator(insurance.fixmedinsCode(), insurance.msgidNode(), Clock.systemUTC());
    }

    // ------------------------------------------------------------------ insurance (SM2 envelope, hospital key)

    Person person() {
        long n = SEQ.incrementAndGet();
        String idNo = "370202" + BIRTHDAY.format(LocalDate.of(1950, 1, 1).plusDays(n)) + String.format("%03d", RUN_DIGITS) + "1";
        String name = "压测患者" + n;
        JsonNode answer = simPost("/sim/insurance/persons", Envelope.JSON.createObjectNode().put("name", name).put("idNo", idNo)
                .put("insutype", InsurancePlatform.INSUTYPE_EMPLOYEE).put("region", "370200")
                .put("accountBalanceFen", 100_000_000L).put("pooledSigned", true));
        return new Person(answer.path("psnNo").asString(), idNo, name);
    }

    /** 1101 person info by ID number. */
    HttpRequest personInfo(Person p) {
        ObjectNode data = Envelope.JSON.createObjectNode()
                .put("mdtrt_cert_type", InsurancePlatform.CertType.ID_NUMBER.code()).put("mdtrt_cert_no", p.idNo())
                .put("card_sn", "").put("begntime", INF_TIME.format(now())).put("psn_cert_type", "01")
                .put("certno", p.idNo()).put("psn_name", p.name());
        return insurance("1101", wrap("data", data));
    }

    /** 2201 and 2204 (a drug and a lab test, as the load test's bill), sent now; the answers are read, not verified. */
    Visit visit(Person p) {
        ObjectNode register = Envelope.JSON.createObjectNode()
                .put("psn_no", p.psnNo()).put("insutype", InsurancePlatform.INSUTYPE_EMPLOYEE).put("begntime", INF_TIME.format(now()))
                .put("mdtrt_cert_type", InsurancePlatform.CertType.ID_NUMBER.code()).put("mdtrt_cert_no", p.idNo())
                .put("ipt_otp_no", "OTP" + run + SEQ.incrementAndGet()).put("dept_code", "K01").put("dept_name", "口腔内科");
        String mdtrtId = output(send(insurance("2201", wrap("data", register)))).path("data").path("mdtrt_id").asString();
        String batch = "CB" + run + SEQ.incrementAndGet();
        ObjectNode fees = Envelope.JSON.createObjectNode();
        var lines = fees.putArray("feedetail");
        lines.add(feeLine(p, mdtrtId, batch, "X001", FeeCategory.DRUG, 2350));
        lines.add(feeLine(p, mdtrtId, batch, "L201", FeeCategory.LAB, 3000));
        output(send(insurance("2204", fees)));
        return new Visit(p, mdtrtId, batch, 5350);
    }

    /** 2206 pre-settlement of the visit's bill, the personal account used: read-only, so it can be sent again and again. */
    HttpRequest preSettle(Visit v) {
        ObjectNode data = Envelope.JSON.createObjectNode()
                .put("psn_no", v.person().psnNo()).put("mdtrt_cert_type", InsurancePlatform.CertType.ID_NUMBER.code())
                .put("mdtrt_cert_no", v.person().idNo()).put("med_type", InsurancePlatform.MED_TYPE_OUTPATIENT)
                .put("medfee_sumamt", Money.ofFen(v.totalFen()).toYuan()).put("psn_setlway", "01").put("mdtrt_id", v.mdtrtId())
                .put("chrg_bchno", v.chrgBchno()).put("insutype", InsurancePlatform.INSUTYPE_EMPLOYEE).put("acct_used_flag", "1")
                .put("invono", "");
        return insurance("2206", wrap("data", data));
    }

    private ObjectNode feeLine(Person p, String mdtrtId, String batch, String code, FeeCategory category, long fen) {
        String yuan = Money.ofFen(fen).toYuan();
        return Envelope.JSON.createObjectNode()
                .put("feedetl_sn", "F" + run + SEQ.incrementAndGet()).put("mdtrt_id", mdtrtId).put("psn_no", p.psnNo())
                .put("chrg_bchno", batch).put("fee_ocur_time", INF_TIME.format(now())).put("med_list_codg", code)
                .put("medins_list_codg", "H-" + code).put("det_item_fee_sumamt", yuan).put("cnt", 1).put("pric", yuan)
                .put("hosp_appr_flag", "1").put("med_chrgitm_type", category.chrgitmType());
    }

    private HttpRequest insurance(String infno, ObjectNode input) {
        ObjectNode env = Envelope.JSON.createObjectNode()
                .put("infno", infno).put("msgid", msgIds.next()).put("mdtrtarea_admvs", insurance.mdtrtareaAdmvs())
                .put("insuplc_admdvs", "370200").put("recer_sys_code", insurance.recerSysCode()).put("dev_no", "")
                .put("dev_safe_info", "").put("infver", insurance.infver()).put("opter_type", insurance.opterType())
                .put("opter", insurance.opter()).put("opter_name", insurance.opterName()).put("inf_time", INF_TIME.format(now()))
                .put("fixmedins_code", insurance.fixmedinsCode()).put("fixmedins_name", insurance.fixmedinsName())
                .put("sign_no", insurance.signNo());
        env.set("input", input);
        byte[] body = Envelope.JSON.writeValueAsBytes(Envelope.sign(env, hospital));
        return post(insurance.servicePath(), "application/json", body).build();
    }

    private static JsonNode output(HttpResponse<String> answer) {
        JsonNode env = Envelope.JSON.readTree(answer.body());
        if (env.path("infcode").asInt(-1) != 0) throw new IllegalStateException("the platform refused: " + answer.body());
        return env.path("output");
    }

    private static ObjectNode wrap(String field, ObjectNode value) {
        ObjectNode o = Envelope.JSON.createObjectNode();
        o.set(field, value);
        return o;
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(BEIJING);
    }

    // ------------------------------------------------------------------ payment codes (RSA-2048, merchant keys)

    /** A wallet that pays every code at once, with money for any run; returns its id. */
    String wallet(String channel) {
        return simPost("/sim/wallets", Envelope.JSON.createObjectNode().put("channel", channel)
                .put("balanceFen", 1_000_000_000_000L).put("behavior", "OK")).path("walletId").asString();
    }

    /** A fresh single-use payment code of the wallet. */
    String code(String walletId) {
        return simPost("/sim/wallets/" + walletId + "/codes", null).path("authCode").asString();
    }

    private ChargeRequest charge(String authCode) {
        return new ChargeRequest("SB" + run + SEQ.incrementAndGet(), authCode, Money.ofFen(CHARGE_FEN), "门诊缴费 simbench", "bench-window-01");
    }

    /** WeChat Pay v3 付款码 charge, {@code WECHATPAY2-SHA256-RSA2048}. */
    HttpRequest wechatCodepay(String authCode) {
        String path = WechatPayMapping.codepayPath();
        byte[] body = WechatPayMapping.codepayRequest(charge(authCode), DemoKeys.WECHAT_APPID, DemoKeys.WECHAT_MCHID);
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = WechatPaySignatures.nonce();
        String signature = wechat.signBase64(WechatPaySignatures.requestMessage("POST", path, ts, nonce, new String(body, StandardCharsets.UTF_8)));
        return post(path, "application/json", body)
                .header("Authorization", WechatPaySignatures.authorization(DemoKeys.WECHAT_MCHID, nonce, ts, DemoKeys.WECHAT_MERCHANT_SERIAL, signature))
                .header("Accept", "application/json").build();
    }

    /** {@code alipay.trade.pay} bar_code, RSA2 over the sorted form parameters. */
    HttpRequest alipayPay(String authCode) {
        Map<String, String> params = new TreeMap<>();
        params.put("app_id", DemoKeys.ALIPAY_APP_ID);
        params.put("method", AlipayMapping.PAY);
        params.put("format", AlipayProtocol.FORMAT);
        params.put("charset", AlipayProtocol.CHARSET);
        params.put("sign_type", AlipayProtocol.SIGN_TYPE);
        params.put("timestamp", AlipayProtocol.format(Instant.now()));
        params.put("version", AlipayProtocol.VERSION);
        params.put("biz_content", AlipayProtocol.JSON.writeValueAsString(AlipayMapping.payBiz(charge(authCode))));
        params.put("sign", alipay.signBase64(AlipayProtocol.requestSignContent(params)));
        String form = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return post("/gateway.do", "application/x-www-form-urlencoded;charset=utf-8", form.getBytes(StandardCharsets.UTF_8)).build();
    }

    /** 云闪付 micropay, RSA-SHA256 over the digest of the sorted fields. */
    HttpRequest unionpayMicropay(String authCode) {
        ObjectNode message = UnionPayMapping.micropay(new UnionPayMapping.Merchant(DemoKeys.UNIONPAY_SER_PROV_ID, DemoKeys.UNIONPAY_MER_ID),
                charge(authCode), Instant.now());
        byte[] body = UnionPayProtocol.JSON.writeValueAsBytes(UnionPayProtocol.sign(message, unionpay));
        return post(UnionPayProtocol.MICROPAY, "application/json", body).build();
    }

    // ------------------------------------------------------------------ plumbing

    private HttpRequest.Builder post(String path, String contentType, byte[] body) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private JsonNode simPost(String path, ObjectNode body) {
        HttpResponse<String> answer = send(post(path, "application/json",
                body == null ? new byte[0] : Envelope.JSON.writeValueAsBytes(body)).build());
        if (answer.statusCode() != 200) throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        return Envelope.JSON.readTree(answer.body());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
