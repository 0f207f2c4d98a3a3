package io.pulsetracker;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    @Test
    void modulesOnlyUseEachOthersPublicApiAndFormNoCycle() {
        ApplicationModules.of(PulseTrackerApplication.class).verify();
    }
}
