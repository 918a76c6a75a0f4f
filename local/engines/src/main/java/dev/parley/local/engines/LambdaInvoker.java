package dev.parley.local.engines;

/** Runs a Lambda function for an SNS {@code lambda} subscription; called on its own thread, never on the publisher's. */
@FunctionalInterface
public interface LambdaInvoker {

    /**
     * Invokes a function.
     *
     * @param functionArn     the subscription endpoint, e.g. {@code arn:aws:lambda:us-east-1:000000000000:function:Notify}
     * @param lambdaEventJson the SNS event as Lambda receives it ({@code {"Records":[{"EventSource":"aws:sns","Sns":{…}}]}})
     * @throws Exception when the function fails
     */
    void invoke(String functionArn, String lambdaEventJson) throws Exception;
}
