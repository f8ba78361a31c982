package org.hospay.code;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The library stays usable by a kiosk, a test tool or another gateway: its code needs the JDK and
 * BouncyCastle only (the enforcer rule in the pom guards the declared dependencies; this guards the
 * code, e.g. a class reached through a test-scope or transitive jar).
 */
@AnalyzeClasses(packages = "org.hospay.code", importOptions = {ImportOption.DoNotIncludeTests.class,
        LibraryDependenciesTest.NotTheDemoKeys.class})
class LibraryDependenciesTest {

    /** org.hospay.code.DemoKeys lives in channels-demo-keys (on the test classpath only), not in this library. */
    static final class NotTheDemoKeys implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("demo-keys");
        }
    }

    @ArchTest
    static final ArchRule theLibraryNeedsOnlyTheJdkAndBouncyCastle = classes()
            .that().resideInAPackage("org.hospay.code..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", "org.bouncycastle..", "org.hospay.code..")
            .because("aggregated-code is JDK + BouncyCastle only");
}
