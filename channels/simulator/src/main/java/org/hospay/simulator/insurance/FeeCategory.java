package org.hospay.simulator.insurance;

/**
 * Fee categories by the national med_chrgitm_type code (医疗收费项目类别): the simulator's own table.
 * Codes without a category of their own (10, 11: herbal and prepared medicine) count as DRUG; any other
 * unknown code is OTHER.
 */
public enum FeeCategory {
    REGISTRATION("13"), DRUG("09"), EXAM("03"), LAB("04"), TREATMENT("05"), SURGERY("06"), MATERIAL("08"), OTHER("14");

    private final String chrgitmType;

    FeeCategory(String chrgitmType) {
        this.chrgitmType = chrgitmType;
    }

    public String chrgitmType() {
        return chrgitmType;
    }

    public static FeeCategory ofChrgitmType(String code) {
        if ("10".equals(code) || "11".equals(code)) return DRUG;
        for (FeeCategory c : values()) if (c.chrgitmType.equals(code)) return c;
        return OTHER;
    }
}
