package org.hospay.simulator.insurance;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The inpatient-pooling (住院统筹) rules, bound from {@code sim.insurance.inpatient-pooling}, with these defaults (a
 * Qingdao-like table; local rules differ, which is why every figure is a setting):
 *
 * <ul>
 *   <li>a deductible (起付线) <b>per admission</b> by hospital level basic/secondary/tertiary {@code deductibleFen}
 *       300/700/1,000 CNY — unlike the outpatient deductible it is not carried over between admissions;</li>
 *   <li>above it the fund pays {@code employeeRatioPercent} 95/92/90 % (employee insurance, 310) or
 *       {@code residentRatioPercent} 85/75/60 % (resident insurance, 390) of the in-scope amount;</li>
 *   <li>the inpatient fund pays at most {@code annualCapFen} 400,000 CNY per person and calendar year (its own
 *       counter, apart from the outpatient one);</li>
 *   <li>in scope are lines whose category is in {@code reimbursableCategories} (everything but registration: bed,
 *       nursing and materials are covered in hospital) and whose item code does not start with one of
 *       {@code excludedItemPrefixes}.</li>
 * </ul>
 */
@ConfigurationProperties("sim.insurance.inpatient-pooling")
public record InpatientPoolingPolicy(
        Map<HospitalLevel, Long> deductibleFen,
        Map<HospitalLevel, Integer> employeeRatioPercent,
        Map<HospitalLevel, Integer> residentRatioPercent,
        Long annualCapFen,
        Set<FeeCategory> reimbursableCategories,
        List<String> excludedItemPrefixes) {

    public InpatientPoolingPolicy {
        deductibleFen = deductibleFen == null || deductibleFen.isEmpty()
                ? new EnumMap<>(Map.of(HospitalLevel.BASIC, 30_000L, HospitalLevel.SECONDARY, 70_000L, HospitalLevel.TERTIARY, 100_000L))
                : new EnumMap<>(deductibleFen);
        employeeRatioPercent = employeeRatioPercent == null || employeeRatioPercent.isEmpty()
                ? new EnumMap<>(Map.of(HospitalLevel.BASIC, 95, HospitalLevel.SECONDARY, 92, HospitalLevel.TERTIARY, 90))
                : new EnumMap<>(employeeRatioPercent);
        residentRatioPercent = residentRatioPercent == null || residentRatioPercent.isEmpty()
                ? new EnumMap<>(Map.of(HospitalLevel.BASIC, 85, HospitalLevel.SECONDARY, 75, HospitalLevel.TERTIARY, 60))
                : new EnumMap<>(residentRatioPercent);
        annualCapFen = annualCapFen == null ? 40_000_000L : annualCapFen;
        reimbursableCategories = reimbursableCategories == null
                ? EnumSet.complementOf(EnumSet.of(FeeCategory.REGISTRATION)) : Set.copyOf(reimbursableCategories);
        excludedItemPrefixes = (excludedItemPrefixes == null
                ? List.of("DENT-IMPL", "DENT-PROS", "DENT-ORTH", "DENT-CLEAN") : excludedItemPrefixes)
                .stream().map(p -> p.toUpperCase(Locale.ROOT)).toList();
        for (HospitalLevel level : HospitalLevel.values()) {
            Long d = deductibleFen.get(level);
            if (d == null || d < 0)
                throw new IllegalArgumentException("sim.insurance.inpatient-pooling.deductible-fen." + level + " must be >= 0: " + d);
            for (var table : List.of(employeeRatioPercent, residentRatioPercent)) {
                Integer r = table.get(level);
                if (r == null || r < 0 || r > 100)
                    throw new IllegalArgumentException("sim.insurance.inpatient-pooling ratio of " + level + " must be 0-100: " + r);
            }
        }
        if (annualCapFen < 0) throw new IllegalArgumentException("sim.insurance.inpatient-pooling.annual-cap-fen must be >= 0: " + annualCapFen);
    }

    public static InpatientPoolingPolicy defaults() {
        return new InpatientPoolingPolicy(null, null, null, null, null, null);
    }

    int ratioPercent(String insutype, HospitalLevel level) {
        return ("310".equals(insutype) ? employeeRatioPercent : residentRatioPercent).get(level);
    }

    boolean inScope(FeeCategory category, String itemCode) {
        if (!reimbursableCategories.contains(category)) return false;
        String code = itemCode == null ? "" : itemCode.toUpperCase(Locale.ROOT);
        return excludedItemPrefixes.stream().noneMatch(code::startsWith);
    }
}
