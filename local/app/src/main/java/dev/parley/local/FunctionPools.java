package dev.parley.local;

import dev.parley.local.engines.RequestCounts;
import dev.parley.local.faults.Faults;
import dev.parley.local.lambda.FunctionPool;
import dev.parley.local.lambda.InvocationException;
import dev.parley.local.template.TemplateException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A pool of instances for each function of the template, found by any name it is invoked by: name, ARN or alias ARN. */
final class FunctionPools implements AutoCloseable {

    private final Map<String, FunctionPool> byName = new LinkedHashMap<>();

    /**
     * @param counts counts invocations when not {@code null}
     * @param faults injects the functions' faults when not {@code null}, with each instance's SNS on {@code snsEndpoints}
     */
    FunctionPools(Collection<FunctionPool.Definition> definitions, int instancesPerFunction, RequestCounts counts, Faults faults,
                  Faults.InstanceEndpoints snsEndpoints) {
        for (var definition : definitions) {
            byName.computeIfAbsent(definition.name(), name -> {
                var pool = new FunctionPool(definition, instancesPerFunction);
                if (counts != null) {
                    pool.counts(counts);
                }
                if (faults != null) {
                    pool.faults(faults, snsEndpoints);
                }
                return pool;
            });
        }
    }

    /** The pool of the function a name, ARN, alias ARN or {@code name:alias} refers to. */
    FunctionPool get(String reference) {
        var pool = byName.get(Deployment.functionName(reference));
        if (pool == null) {
            throw new TemplateException("no function " + reference + " in the template");
        }
        return pool;
    }

    /** The definition of every function, once each. */
    List<FunctionPool.Definition> definitions() {
        return byName.values().stream().map(FunctionPool::definition).toList();
    }

    /** Starts a first instance of every function in the background, so that the first request does not wait for it. */
    void warmInBackground() {
        for (var pool : byName.values()) {
            Thread.ofVirtual().name("warm-" + pool.definition().name()).start(() -> {
                try {
                    pool.warm();
                } catch (InvocationException e) {
                    System.err.println(e.getMessage());
                }
            });
        }
    }

    @Override
    public void close() {
        for (var pool : byName.values()) {
            try {
                pool.close();
            } catch (RuntimeException e) {
                System.err.println("stopping FunctionPool: " + e);
            }
        }
    }
}
