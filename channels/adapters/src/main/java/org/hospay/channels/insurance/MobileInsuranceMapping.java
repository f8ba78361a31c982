package org.hospay.channels.insurance;

import static org.hospay.channels.insurance.InsuranceMapping.DATE_TIME;
import static org.hospay.channels.insurance.InsuranceMapping.F;
import static org.hospay.channels.insurance.InsuranceMapping.money;
import static org.hospay.channels.insurance.InsuranceMapping.named;
import static org.hospay.channels.insurance.InsuranceMapping.orEmpty;
import static org.hospay.channels.insurance.InsuranceMapping.requiredText;
import static org.hospay.channels.insurance.InsuranceMapping.text;
import static org.hospay.channels.insurance.InsuranceMapping.yuan;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.hospay.channels.Money;
import org.hospay.channels.insurance.InsuranceMapping.MalformedOutput;
import org.hospay.channels.insurance.InsurancePlatform.CertType;
import org.hospay.channels.insurance.InsurancePlatform.FeeItem;
import org.hospay.channels.insurance.InsurancePlatform.MobileFeeUpload;
import org.hospay.channels.insurance.InsurancePlatform.MobileOrder;
import org.hospay.channels.insurance.InsurancePlatform.MobilePayment;
import org.hospay.channels.insurance.InsurancePlatform.MobileRefund;
import org.hospay.channels.insurance.InsurancePlatform.MobileRefundRequest;
import org.hospay.channels.insurance.InsurancePlatform.OrderStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pure mapping of the national mobile-payment interfaces (6201 upload, 6202 pay, 6203 refund, 6301 query;
 * 6401 revoke asks as 6301 and answers as 6202) to and from their camelCase, unwrapped {@code input}/{@code output}
 * JSON. The helpers and the answer-to-{@link org.hospay.channels.Outcome} step are {@link InsuranceMapping}'s.
 */
final class MobileInsuranceMapping {

    private MobileInsuranceMapping() {}

    // ------------------------------------------------------------------ inputs

    static ObjectNode input6201(MobileFeeUpload r, String orgCodg, String orgId, LocalDateTime now) {
        ArrayNode lines = F.arrayNode();
        for (FeeItem item : r.items()) {
            lines.add(F.objectNode()
                    .put("feedetlSn", item.feedetlSn())
                    .put("chrgBchno", r.chrgBchno())
                    .put("rxCircFlag", "0")
                    .put("feeOcurTime", DATE_TIME.format(item.time()))
                    .put("medListCodg", item.itemCode())
                    .put("medinsListCodg", orEmpty(item.hospItemCode()))
                    .put("medinsListName", orEmpty(item.name()))
                    .put("detItemFeeSumamt", yuan(item.amount()))
                    .put("cnt", item.quantity())
                    .put("pric", yuan(item.price()))
                    .put("hospApprFlag", "1")
                    .put("medChrgitmType", item.category().chrgitmType()));
        }
        ObjectNode in = F.objectNode()
                .put("orgCodg", orgCodg)
                .put("orgId", orEmpty(orgId))
                .put("psnNo", r.insured().psnNo())
                .put("insutype", r.insutype())
                .put("medOrgOrd", r.medOrgOrd())
                .put("rxCircFlag", "0")
                .put("begntime", DATE_TIME.format(now))
                .put("mdtrtCertType", r.certType().code())
                .put("mdtrtCertNo", r.certNo())
                .put("ecToken", r.certType() == CertType.EVOUCHER_TOKEN ? r.certNo() : "")
                .put("insuCode", r.insured().insuplcAdmdvs())
                .put("iptOtpNo", r.iptOtpNo())
                .put("medType", r.medType())
                .put("medfeeSumamt", yuan(r.medfeeSumamt()))
                .put("acctUsedFlag", r.accountUsed() ? "1" : "0")
                .put("psnSetlway", "01")
                .put("chrgBchno", r.chrgBchno())
                .put("payAuthNo", orEmpty(r.payAuthNo()))
                .put("uldLatlnt", "");
        in.set("feedetailList", lines);
        return in;
    }

    static ObjectNode input6202(String orgCodg, String payOrdId, String payToken, String payAuthNo) {
        return F.objectNode().put("orgCodg", orgCodg).put("payOrdId", payOrdId).put("payToken", payToken)
                .put("payAuthNo", orEmpty(payAuthNo));
    }

    static ObjectNode input6203(MobileRefundRequest r, String orgCodg) {
        return F.objectNode()
                .put("orgCodg", orgCodg)
                .put("payOrdId", r.payOrdId())
                .put("appRefdSn", r.appRefdSn())
                .put("appRefdTime", DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(r.appRefdTime()))
                .put("totlRefdAmt", yuan(r.total()))
                .put("psnAcctRefdAmt", yuan(r.account()))
                .put("fundRefdAmt", yuan(r.fund()))
                .put("cashRefdAmt", yuan(r.cash()))
                .put("ecToken", orEmpty(r.ecToken()))
                .put("refdType", r.type().name());
    }

    static ObjectNode input6301(String orgCodg, String payOrdId, String payToken) {
        return F.objectNode().put("orgCodg", orgCodg).put("payOrdId", payOrdId).put("payToken", payToken);
    }

    // ------------------------------------------------------------------ outputs

    static MobileOrder mobileOrder(JsonNode out) {
        Money total = money(out, "feeSumamt");
        Money fund = money(out, "fundPay");
        Money acct = money(out, "psnAcctPay");
        Money own = money(out, "ownPayAmt");
        if (fund.plus(acct).plus(own).fen() != total.fen())
            throw new MalformedOutput("6201 parts do not add up to feeSumamt " + total);
        return new MobileOrder(requiredText(out, "payOrdId"), requiredText(out, "payToken"), text(out, "medOrgOrd"),
                total, fund, acct, own);
    }

    static MobilePayment mobilePayment(JsonNode out) {
        String stas = requiredText(out, "ordStas");
        OrderStatus status = named(OrderStatus.class, stas).orElseThrow(() -> new MalformedOutput("ordStas " + stas));
        return new MobilePayment(requiredText(out, "payOrdId"), status, money(out, "feeSumamt"), money(out, "fundPay"),
                money(out, "psnAcctPay"), money(out, "ownPayAmt"), text(out, "setlId"), text(out, "mdtrtId"));
    }

    static MobileRefund mobileRefund(JsonNode out) {
        return new MobileRefund(requiredText(out, "appRefdSn"), text(out, "refdSn"), money(out, "totlRefdAmt"),
                money(out, "fundRefdAmt"), money(out, "psnAcctRefdAmt"), money(out, "cashRefdAmt"));
    }
}
