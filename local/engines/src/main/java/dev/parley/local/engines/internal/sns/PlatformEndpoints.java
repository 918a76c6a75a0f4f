package dev.parley.local.engines.internal.sns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Mobile push: platform applications and their endpoints, one per device token. */
final class PlatformEndpoints {

    private final String region;
    private final String accountId;
    private final Map<String, Map<String, String>> applications = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> endpoints = new ConcurrentHashMap<>();
    private final Map<String, String> endpointApplications = new ConcurrentHashMap<>();

    PlatformEndpoints(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    String createPlatformApplication(QueryRequest request) {
        String name = request.required("Name");
        String platform = request.required("Platform");
        String arn = "arn:aws:sns:" + region + ":" + accountId + ":app/" + platform + "/" + name;
        applications.computeIfAbsent(arn, key -> new ConcurrentHashMap<>()).putAll(request.map("Attributes"));
        return arn;
    }

    synchronized String createPlatformEndpoint(QueryRequest request) {
        String applicationArn = request.required("PlatformApplicationArn");
        if (!applications.containsKey(applicationArn)) {
            throw SnsException.notFound("PlatformApplication does not exist");
        }
        String token = request.required("Token");
        Map<String, String> attributes = new LinkedHashMap<>(request.map("Attributes"));
        if (request.get("CustomUserData") != null) {
            attributes.put("CustomUserData", request.get("CustomUserData"));
        }
        for (Map.Entry<String, String> existing : endpointApplications.entrySet()) {
            Map<String, String> endpoint = endpoints.get(existing.getKey());
            if (existing.getValue().equals(applicationArn) && endpoint != null && token.equals(endpoint.get("Token"))) {
                for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                    if (!attribute.getValue().equals(endpoint.get(attribute.getKey()))) {
                        throw SnsException.invalidParameter("Token Reason: Endpoint " + existing.getKey()
                                + " already exists with the same Token, but different attributes.");
                    }
                }
                return existing.getKey();
            }
        }
        String[] parts = applicationArn.split(":", 6)[5].split("/");
        String arn = "arn:aws:sns:" + region + ":" + accountId + ":endpoint/" + parts[1] + "/" + parts[2] + "/" + UUID.randomUUID();
        Map<String, String> endpoint = new ConcurrentHashMap<>();
        endpoint.put("Enabled", "true");
        endpoint.putAll(attributes);
        endpoint.put("Token", token);
        endpoints.put(arn, endpoint);
        endpointApplications.put(arn, applicationArn);
        return arn;
    }

    /** An endpoint's attributes, changed in place by {@code SetEndpointAttributes}. */
    Map<String, String> endpoint(String arn) {
        Map<String, String> endpoint = endpoints.get(arn);
        if (endpoint == null) {
            throw SnsException.notFound("Endpoint does not exist");
        }
        return endpoint;
    }


    void deleteEndpoint(String arn) {
        endpoints.remove(arn);
        endpointApplications.remove(arn);
    }
}
