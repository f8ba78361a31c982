package org.hospay.simulator.insurance;

/** Hospital grade (医院等级) as the outpatient-pooling table keys it: 基层 / 二级 / 三级. */
public enum HospitalLevel { BASIC, SECONDARY, TERTIARY }
