package dev.parley.functions.notify;

import static dev.parley.core.config.EnvironmentReader.optionalPairs;
import static dev.parley.core.config.EnvironmentReader.require;

import dev.parley.core.config.TableNames;
import java.util.Map;

record RegisterDeviceConfig(String devicesTable, String throttlesTable, Map<String, String> platformApplications) {

    static RegisterDeviceConfig fromEnvironment() {
        return new RegisterDeviceConfig(require(TableNames.DEVICES_TABLE), require(TableNames.THROTTLES_TABLE),
                optionalPairs(NotifyConfig.PUSH_PLATFORM_APPLICATIONS));
    }
}
