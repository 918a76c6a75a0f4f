package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.Action;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of core depend on each other one way: read from the compiled classes' constant pools (every class,
 * method and field type a class names), so an import, a signature or a call all count.
 */
class PackageCyclesTest {

    private static final String ROOT = "dev.parley.core";
    /** The layers of CONTRIBUTING.md, lowest first: a package may use those before it, never those after. */
    private static final List<String> LAYERS = List.of("protocol", "model", "store", "service", "handler");
    private static final Pattern CORE_TYPE = Pattern.compile("dev/parley/core/((?:[a-z][a-z0-9_]*/)*)[A-Z]");

    private static Map<String, Set<String>> dependencies;

    @BeforeAll
    static void readClasses() throws IOException, URISyntaxException {
        var classes = Path.of(Action.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(file -> file.toString().endsWith(".class")).forEach(file -> {
                var model = ClassFile.of().parse(read(file));
                var from = packageOf(model.thisClass().asInternalName());
                var uses = dependencies.computeIfAbsent(from, p -> new TreeSet<>());
                for (var entry : model.constantPool()) {
                    var text = switch (entry) {
                        case ClassEntry type -> type.asInternalName();
                        case Utf8Entry utf8 -> utf8.stringValue();
                        default -> "";
                    };
                    var matcher = CORE_TYPE.matcher(text);
                    while (matcher.find()) {
                        var to = (ROOT + "." + matcher.group(1).replace('/', '.')).replaceAll("\\.$", "");
                        if (!to.equals(from)) {
                            uses.add(to);
                        }
                    }
                }
            });
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String packageOf(String internalName) {
        return internalName.substring(0, internalName.lastIndexOf('/')).replace('/', '.');
    }

    /** The strongly connected components of more than one package (Tarjan's algorithm). */
    private static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        var index = new HashMap<String, Integer>();
        var low = new HashMap<String, Integer>();
        var stack = new ArrayList<String>();
        var cycles = new ArrayList<Set<String>>();
        for (var node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, cycles);
            }
        }
        return cycles;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
            List<String> stack, List<Set<String>> cycles) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.add(node);
        for (var next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, cycles);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            var component = new TreeSet<String>();
            String member;
            do {
                member = stack.removeLast();
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
    }

    @Test
    void packages_whenReadFromTheCompiledClasses_formNoCycle() {
        assertThat(dependencies).containsKeys(ROOT + ".protocol", ROOT + ".service", ROOT + ".store.dynamodb");
        assertThat(dependencies.get(ROOT + ".service")).contains(ROOT + ".store", ROOT + ".model", ROOT + ".protocol");

        assertThat(cycles(dependencies)).as("package cycles in %s", dependencies).isEmpty();
    }

    @Test
    void cycles_whenTwoPackagesUseEachOther_findsThem() {
        var graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));

        assertThat(cycles(graph)).containsExactly(Set.of("a", "b", "c"));
    }

    @Test
    void layers_whenReadFromTheCompiledClasses_useOnlyTheLayersBelow() {
        for (var layer = 0; layer < LAYERS.size() - 1; layer++) {
            var above = LAYERS.subList(layer + 1, LAYERS.size()).stream().map(name -> ROOT + "." + name).toList();
            assertThat(dependencies.get(ROOT + "." + LAYERS.get(layer))).as(LAYERS.get(layer)).doesNotContainAnyElementsOf(above);
        }
    }
}
