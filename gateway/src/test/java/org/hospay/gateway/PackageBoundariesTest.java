package org.hospay.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;
import org.hospay.gateway.channel.ChannelResilience;

/**
 * The gateway's package graph, pinned. Feature packages own their internals; the payment engine
 * defines ports ({@code ChargePort}, {@code InsurancePort}, {@code ProxyPort}, {@code CodeReader},
 * {@code NfcCheckout}, {@code PaymentEvents}) that the other features implement, so it depends on none
 * of them and on no channel adapter.
 */
@AnalyzeClasses(packages = "org.hospay.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageBoundariesTest {

    private static final String GATEWAY = "org.hospay.gateway.";
    static final List<String> FEATURES = List.of("payment", "family", "nfc", "window", "code", "terminal", "console", "channel", "finance", "invoice", "credit", "inpatient");

    @ArchTest
    static final ArchRule paymentUsesNoChannelAdapter = noClasses()
            .that().resideInAPackage("org.hospay.gateway.payment..")
            .should().dependOnClassesThat(resideInAPackage("org.hospay.channels..").and(not(resideInAPackage("org.hospay.channels")))
                    .as("are in an adapter package of the channels module (org.hospay.channels.wechat, .alipay, .unionpay, "
                            + ".insurance, .bank, .commercial, .crypto, .demo, ...)"))
            .because("the engine speaks to channels through its ports; of the adapters module it uses only the core "
                    + "package org.hospay.channels (Money, Outcome, DeclineCodes)");

    @ArchTest
    static final ArchRule paymentDependsOnNoFeatureThatImplementsItsPorts = noClasses()
            .that().resideInAPackage("org.hospay.gateway.payment..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.hospay.gateway.family..", "org.hospay.gateway.nfc..", "org.hospay.gateway.window..",
                    "org.hospay.gateway.channel..", "org.hospay.gateway.code..", "org.hospay.gateway.console..",
                    "org.hospay.gateway.credit..", "org.hospay.code..")
            .because("payment defines the ports those packages implement (ChargePort, InsurancePort, ProxyPort, "
                    + "CreditPort, CodeReader, NfcCheckout, PaymentEvents); the arrow points the other way");

    @ArchTest
    static final ArchRule channelIsReachedOnlyByWiring = noClasses()
            .that().resideOutsideOfPackage("org.hospay.gateway.channel..")
            .and().haveSimpleNameNotEndingWith("Configuration")
            .should().dependOnClassesThat(resideInAPackage("org.hospay.gateway.channel..").and(not(equivalentTo(ChannelResilience.class)))
                    .as("are in org.hospay.gateway.channel, other than ChannelResilience"))
            .because("the channel package implements payment's ports and is wired by configuration; outside it only "
                    + "*Configuration classes see it, and ChannelResilience is the one guard every outgoing channel call shares");

    @ArchTest
    static final ArchRule featuresUseOnlyEachOthersPublicTypes = classes()
            .that(resideInAnyPackage(FEATURES.stream().map(f -> GATEWAY + f + "..").toArray(String[]::new)))
            .should(useOfOtherFeaturesOnlyTheirPublicTopLevelPackageTypes());

    @ArchTest
    static final ArchRule sharedInfrastructureKnowsNoFeature = noClasses()
            .that().resideInAnyPackage("org.hospay.gateway.web..", "org.hospay.gateway.config..", "org.hospay.gateway.support..",
                    "org.hospay.gateway.limits..", "org.hospay.gateway.audit..")
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES.stream().map(f -> GATEWAY + f + "..").toArray(String[]::new))
            .because("web, config, support, the rate limits and the audit trail are used by several features, so they must not depend on one");

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("org.hospay.gateway.(*)..").should().beFreeOfCycles();

    /** The feature a class belongs to: the first package under org.hospay.gateway, if it is a feature. */
    static Optional<String> featureOf(JavaClass c) {
        String pkg = c.getPackageName();
        if (!pkg.startsWith(GATEWAY)) return Optional.empty();
        String first = pkg.substring(GATEWAY.length()).split("\\.")[0];
        return FEATURES.contains(first) ? Optional.of(first) : Optional.empty();
    }

    /**
     * Another feature's internals are its non-public types and anything in its sub-packages: what a
     * feature offers the others is the public types of its top package.
     */
    static ArchCondition<JavaClass> useOfOtherFeaturesOnlyTheirPublicTopLevelPackageTypes() {
        return new ArchCondition<>("use, of another feature package, only its public types (none of its sub-packages)") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String from = featureOf(origin).orElseThrow();
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    Optional<String> to = featureOf(target);
                    if (to.isEmpty() || to.get().equals(from)) continue;
                    boolean offered = target.getPackageName().equals(GATEWAY + to.get()) && isPublicAllTheWay(target);
                    if (!offered) events.add(SimpleConditionEvent.violated(d, d.getDescription()
                            + " reaches into feature '" + to.get() + "' (" + target.getName() + " is not one of its public types)"));
                }
            }
        };
    }

    private static boolean isPublicAllTheWay(JavaClass c) {
        for (Optional<JavaClass> k = Optional.of(c); k.isPresent(); k = k.get().getEnclosingClass()) {
            if (!k.get().getModifiers().contains(JavaModifier.PUBLIC)) return false;
        }
        return true;
    }
}
