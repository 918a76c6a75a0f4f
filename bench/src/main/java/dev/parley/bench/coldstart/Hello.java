package dev.parley.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** The bare one-class handler the cold-start bench compares every function with. */
public final class Hello implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "hello, " + event.getOrDefault("name", "world");
    }
}
