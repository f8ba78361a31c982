package org.hospay.simulator.insurance;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The outpatient-pooling (门诊统筹) rules of the Qingdao case (docs/architecture.md §1), bound from {@code sim.insurance.pooling}
 * with these defaults:
 *
 * <ul>
 *   <li>only {@code eligibleInsutypes} (310, employee-insured) are pooled; resident insurance (390) is not;</li>
 *   <li>the patient must be signed to a community clinic, unless the hospital's type is in
 *       {@code signingExempt} (psychiatric, infectious, dental, eye);</li>
 *   <li>by hospital level basic/secondary/tertiary: the fund pays {@code ratioPercent} 75/60/50 % of
 *       the in-scope amount above the annual deductible {@code deductibleFen} 0/500/800 CNY;</li>
 *   <li>the fund pays at most {@code annualCapFen} 1,700 CNY per person and calendar year;</li>
 *   <li>in scope are lines whose category is in {@code reimbursableCategories} and whose item code
 *       does not start with one of {@code excludedItemPrefixes} (case-insensitive).</li>
 * </ul>
 *
 * <p>Category mapping of the seed's list: X-ray → EXAM; lab tests → LAB; fillings, root canal,
 * scaling, extraction → TREATMENT; minor surgery → SURGERY; policy-range drugs → DRUG (the seed names
 * dental services only, but 门诊统筹 covers 政策范围内 drugs as well). Not in scope: REGISTRATION
 * (挂号费), MATERIAL (implant bodies and prosthetic materials are materials), OTHER; and, inside the
 * otherwise covered categories, implants ({@code DENT-IMPL}), prosthetics ({@code DENT-PROS}),
 * orthodontics ({@code DENT-ORTH}) and cosmetic cleaning ({@code DENT-CLEAN}) by item-code prefix.
 */
@ConfigurationProperties("sim.insurance.pooling")
public record PoolingPolicy(
        Map<HospitalLevel, Integer> ratioPercent,
        Map<HospitalLevel, Long> deductibleFen,
        Long annualCapFen,
        Set<HospitalType> signingExempt,
        Set<String> eligibleInsutypes,
        Set<FeeCategory> reimbursableCategories,
        List<String> excludedItemPrefixes) {

    public PoolingPolicy {
        ratioPercent = ratioPercent == null || ratioPercent.isEmpty()
                ? new EnumMap<>(Map.of(HospitalLevel.BASIC, 75, HospitalLevel.SECONDARY, 60, HospitalLevel.TERTIARY, 50))
                : new EnumMap<>(ratioPercent);
        deductibleFen = deductibleFen == null || deductibleFen.isEmpty()
                ? new EnumMap<>(Map.of(HospitalLevel.BASIC, 0L, HospitalLevel.SECONDARY, 50_000L, HospitalLevel.TERTIARY, 80_000L))
                : new EnumMap<>(deductibleFen);
        annualCapFen = annualCapFen == null ? 170_000L : annualCapFen;
        signingExempt = signingExempt == null
                ? EnumSet.of(HospitalType.PSYCHIATRIC, HospitalType.INFECTIOUS, HospitalType.DENTAL, HospitalType.EYE)
                : Set.copyOf(signingExempt);
        eligibleInsutypes = eligibleInsutypes == null ? Set.of("310") : Set.copyOf(eligibleInsutypes);
        reimbursableCategories = reimbursableCategories == null
                ? EnumSet.of(FeeCategory.DRUG, FeeCategory.EXAM, FeeCategory.LAB, FeeCategory.TREATMENT, FeeCategory.SURGERY)
                : Set.copyOf(reimbursableCategories);
        excludedItemPrefixes = (excludedItemPrefixes == null
                ? List.of("DENT-IMPL", "DENT-PROS", "DENT-ORTH", "DENT-CLEAN") : excludedItemPrefixes)
                .stream().map(p -> p.toUpperCase(Locale.ROOT)).toList();
        for (HospitalLevel level : HospitalLevel.values()) {
            Integer r = ratioPercent.get(level);
            Long d = deductibleFen.get(level);
            if (r == null || r < 0 || r > 100)
                throw new IllegalArgumentException("sim.insurance.pooling.ratio-percent." + level + " must be 0-100: " + r);
            if (d == null || d < 0)
                throw new IllegalArgumentException("sim.insurance.pooling.deductible-fen." + level + " must be >= 0: " + d);
        }
        if (annualCapFen < 0) throw new IllegalArgumentException("sim.insurance.pooling.annual-cap-fen must be >= 0: " + annualCapFen);
    }

    /** The Qingdao table (docs/architecture.md §1). */
    public static PoolingPolicy defaults() {
        return new PoolingPolicy(null, null, null, null, null, null, null);
    }

    boolean inScope(FeeCategory category, String itemCode) {
        if (!reimbursableCategories.contains(category)) return false;
        String code = itemCode == null ? "" : itemCode.toUpperCase(Locale.ROOT);
        return excludedItemPrefixes.stream().noneMatch(code::startsWith);
    }
}
