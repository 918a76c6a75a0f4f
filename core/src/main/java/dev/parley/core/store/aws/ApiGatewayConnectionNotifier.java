package dev.parley.core.store.aws;

import dev.parley.core.store.ConnectionNotifier;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;

/** Posts to connections through the API's {@code @connections} endpoint. */
public final class ApiGatewayConnectionNotifier implements ConnectionNotifier {

    private final ApiGatewayManagementApiClient client;

    public ApiGatewayConnectionNotifier(ApiGatewayManagementApiClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Delivery post(String connectionId, byte[] data) {
        try {
            client.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromByteArray(data)));
            return Delivery.DELIVERED;
        } catch (GoneException e) {
            return Delivery.GONE;
        } catch (LimitExceededException e) {
            return Delivery.RETRY;
        } catch (SdkServiceException e) {
            if (e.statusCode() == 410) {
                return Delivery.GONE;
            }
            if (e.isThrottlingException() || e.statusCode() == 429 || e.statusCode() >= 500) {
                return Delivery.RETRY;
            }
            throw e;
        } catch (SdkClientException e) {
            return Delivery.RETRY;
        }
    }

    @Override
    public boolean isConnected(String connectionId) {
        try {
            client.getConnection(r -> r.connectionId(connectionId));
            return true;
        } catch (GoneException e) {
            return false;
        } catch (SdkServiceException e) {
            if (e.statusCode() == 410) {
                return false;
            }
            throw e;
        }
    }
}
