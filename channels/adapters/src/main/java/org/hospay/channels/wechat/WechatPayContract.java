package org.hospay.channels.wechat;

import java.time.Instant;
import java.util.Objects;

/**
 * A papay (委托代扣) contract as WeChat Pay reports it: what the payer signed in the WeChat app for a
 * template ({@code plan_id}) under our contract code.
 *
 * @param contractId      WeChat's {@code contract_id}: what deductions name
 * @param planId          the deduction template ({@code plan_id})
 * @param outContractCode our contract code ({@code out_contract_code})
 * @param openid          the payer, as the signing notification names them; deductions draw on this account
 * @param state           SIGNED, TERMINATED, …
 * @param signedAt        when the payer signed, if reported
 * @param terminatedAt    when it was terminated, for TERMINATED
 * @param terminationMode who ended it (USER, MERCHANT_API, …), for TERMINATED; the vendor's word
 */
public record WechatPayContract(String contractId, long planId, String outContractCode, String openid,
                                WechatPayContractState state, Instant signedAt, Instant terminatedAt, String terminationMode) {

    public WechatPayContract {
        Objects.requireNonNull(contractId, "contractId");
        Objects.requireNonNull(outContractCode, "outContractCode");
        Objects.requireNonNull(state, "state");
    }
}
