package org.hospay.simulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 "Channel fidelity": the simulator plays the vendors from their own specifications, so none of
 * its classes may use the adapters' code (encoders, signers, verifiers, mappings, keys). The adapters are
 * on no classpath of this module (the pom's enforcer rule bans them in every scope); the tests that make
 * the two readings meet on the wire live in channels/contract-tests. This test keeps the main classes clean.
 */
class SimulatorBoundaryTest {

    @Test
    void simulatorCodeDoesNotUseTheAdapters() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("org.hospay.simulator");
        noClasses().should().dependOnClassesThat().resideInAPackage("org.hospay.channels..")
                .because("the simulator must read each vendor's specification independently of the adapters (issue 18)")
                .check(main);
    }
}
