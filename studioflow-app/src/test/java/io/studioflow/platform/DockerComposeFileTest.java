package io.studioflow.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.yaml and docker/Dockerfile, which no machine of this project can run (there is no Docker engine):
 * the compose file parses, has the services it promises, and sets on Studioflow's services only variables that
 * Studioflow reads. A variable Spring Boot ignores (a misspelt setting) is silent at run time, so it is caught here.
 */
class DockerComposeFileTest {

    /** Variables read by the JVM, the C library or Spring itself rather than bound to a setting. */
    private static final Set<String> NOT_SETTINGS =
            Set.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX", "SPRING_PROFILES_ACTIVE");

    /**
     * Map-valued settings whose keys are names chosen by the user, so in no metadata: a job type's worker settings,
     * and the SSL bundles (by bundle name) that docker/README.md uses for Elasticsearch over TLS.
     */
    private static final List<String> MAP_PREFIXES =
            List.of("CAMUNDA_CLIENT_WORKER_OVERRIDE_", "SPRING_SSL_BUNDLE_PEM_", "SPRING_SSL_BUNDLE_JKS_");

    /**
     * Settings bound to records (StudioflowProperties, ConfiguredUsers.Properties) that application.yaml leaves out;
     * the app has no configuration-processor metadata of its own. {@code []} marks a list: its elements come as
     * {@code _0_}, {@code _1_}... in a variable's name.
     */
    private static final List<String> RECORD_BOUND = List.of(
            "studioflow.blob-dir",
            "studioflow.publish-dir",
            "studioflow.security.users[].username",
            "studioflow.security.users[].password-hash",
            "studioflow.security.users[].roles");

    private static final Pattern LIST_INDEX = Pattern.compile("_\\d+(?=_|$)");

    /** Compose's ${NAME:-default} and ${NAME-default}. */
    private static final Pattern DEFAULT_VALUE = Pattern.compile("\\$\\{\\w+:?-([^}]*)}");

    private static Path dockerDir;
    private static Map<String, Object> services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        dockerDir = dockerDir();
        Path compose = dockerDir.resolve("compose.yaml");
        Object parsed;
        try (Reader reader = Files.newBufferedReader(compose)) {
            parsed = new Yaml().load(reader);
        } catch (RuntimeException e) {
            throw new AssertionError(compose + " does not parse as YAML: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> root) || !(root.get("services") instanceof Map<?, ?> found)
                || found.isEmpty()) {
            throw new AssertionError(compose + " has no 'services' mapping at its top level");
        }
        services = stringKeys(found);
    }

    @Test
    void runsOneUiInstanceTwoWorkersAndTheClustersTheyNeed() {
        List<String> ui = new ArrayList<>();
        int workers = 0;
        for (String name : studioflowServices()) {
            String roles = environment(name).get("STUDIOFLOW_ROLES");
            if ("ui".equals(roles)) {
                ui.add(name);
            } else if ("worker".equals(roles)) {
                workers += instances(name);
            }
        }
        assertEquals(1, ui.size(), "one Studioflow service with STUDIOFLOW_ROLES=ui, found " + ui);
        assertTrue(workers >= 2, "at least two Studioflow worker instances (STUDIOFLOW_ROLES=worker, services or "
                + "replicas), found " + workers);
        assertTrue(hasImage("camunda/camunda:8.8."), "a Camunda 8.8 service (image camunda/camunda:8.8.x)");
        assertTrue(hasImage("elasticsearch:"), "an Elasticsearch service (image elasticsearch:...)");
        assertTrue(hasImage("minio/minio"), "an object storage service (image minio/minio)");
        assertTrue(hasImage("minio/mc"), "a one-shot service creating the bucket (image minio/mc)");
    }

    @Test
    void everyStudioflowInstanceHasItsOwnDataVolumeAndSharesThePublishVolume() {
        Map<String, String> dataVolumeOwners = new LinkedHashMap<>();
        Set<String> publishVolumes = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String name : studioflowServices()) {
            Map<String, String> env = environment(name);
            String dataDir = env.get("STUDIOFLOW_DATADIR");
            String publishDir = env.get("STUDIOFLOW_PUBLISHDIR");
            if (dataDir == null || publishDir == null) {
                problems.add("service " + name + ": sets no STUDIOFLOW_DATADIR or STUDIOFLOW_PUBLISHDIR");
                continue;
            }
            Map<String, String> mounts = volumeSources(name);
            String data = mounts.get(dataDir);
            String published = mounts.get(publishDir);
            if (data == null) {
                problems.add("service " + name + ": no volume mounted at its data dir " + dataDir);
            } else if (dataVolumeOwners.putIfAbsent(data, name) != null) {
                problems.add("service " + name + ": shares its data volume " + data + " with service "
                        + dataVolumeOwners.get(data) + "; the data dir is each instance's own");
            } else if (instances(name) > 1) {
                problems.add("service " + name + ": its " + instances(name) + " replicas would share the data "
                        + "volume " + data);
            }
            if (published == null) {
                problems.add("service " + name + ": no volume mounted at its publish dir " + publishDir);
            } else {
                publishVolumes.add(published);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(1, publishVolumes.size(), "one publish volume shared by every Studioflow service, found "
                + publishVolumes);
    }

    @Test
    void setsOnStudioflowServicesOnlyVariablesTheApplicationReads() throws IOException {
        Set<String> known = knownVariables();
        List<String> unread = new ArrayList<>();
        for (String name : studioflowServices()) {
            for (String variable : environment(name).keySet()) {
                if (NOT_SETTINGS.contains(variable) || MAP_PREFIXES.stream().anyMatch(variable::startsWith)) {
                    continue;
                }
                String lookedUp = LIST_INDEX.matcher(variable).replaceAll("");
                if (known.contains(lookedUp)) {
                    continue;
                }
                String canonical = canonicalForm(lookedUp, known);
                unread.add(canonical != null
                        ? "service " + name + ": " + variable + " is not in Spring's canonical form; write "
                                + canonical + " (this file keeps to the canonical form, the one checked here)"
                        : "service " + name + ": " + variable + " is not a setting Studioflow reads (not in the "
                                + "configuration metadata on the classpath, application.yaml or the record-bound "
                                + "settings)");
            }
        }
        assertTrue(unread.isEmpty(), String.join("\n", unread));
    }

    @Test
    void dockerfileRunsTheLayeredJarAsANonRootUserWithAHealthCheck() throws IOException {
        Path dockerfile = dockerDir.resolve("Dockerfile");
        List<String> instructions = instructions(Files.readString(dockerfile));
        int lastFrom = -1;
        for (int i = 0; i < instructions.size(); i++) {
            if (keyword(instructions.get(i)).equals("FROM")) {
                lastFrom = i;
            }
        }
        assertTrue(lastFrom >= 0, dockerfile + " has no FROM");
        List<String> runtime = instructions.subList(lastFrom, instructions.size());

        String user = null;
        boolean healthCheck = false;
        Set<String> layers = new TreeSet<>();
        for (String instruction : runtime) {
            String arguments = instruction.substring(keyword(instruction).length()).trim();
            switch (keyword(instruction)) {
                case "USER" -> user = arguments;
                case "HEALTHCHECK" -> healthCheck = !arguments.toUpperCase(Locale.ROOT).startsWith("NONE");
                case "COPY" -> {
                    for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
                            "application")) {
                        if (arguments.startsWith("--from=") && arguments.contains("/" + layer + "/")) {
                            layers.add(layer);
                        }
                    }
                }
                default -> { }
            }
        }
        assertTrue(user != null && !user.startsWith("root") && !user.equals("0") && !user.startsWith("0:"),
                dockerfile + ": the runtime stage must switch to a non-root USER, has " + user);
        assertTrue(healthCheck, dockerfile + ": the runtime stage has no HEALTHCHECK");
        assertEquals(new TreeSet<>(List.of("application", "dependencies", "snapshot-dependencies",
                "spring-boot-loader")), layers, dockerfile + ": the runtime stage must copy the four layers of the "
                + "extracted jar");
    }

    /** The known variable that differs only in underscores (STUDIOFLOW_DATADIR for STUDIOFLOW_DATA_DIR), or null. */
    private static String canonicalForm(String variable, Set<String> known) {
        return known.stream().filter(k -> k.replace("_", "").equals(variable.replace("_", ""))).findFirst()
                .orElse(null);
    }

    /**
     * The environment-variable form of every setting Studioflow reads: Spring Boot's relaxed binding in its canonical
     * form (upper case, '.' to '_', '-' dropped; list brackets dropped too).
     */
    private static Set<String> knownVariables() throws IOException {
        Set<String> names = new TreeSet<>(RECORD_BOUND);
        ObjectMapper json = new ObjectMapper();
        ClassLoader loader = DockerComposeFileTest.class.getClassLoader();
        int metadataFiles = 0;
        for (String resource : List.of("META-INF/spring-configuration-metadata.json",
                "META-INF/additional-spring-configuration-metadata.json")) {
            for (URL url : Collections.list(loader.getResources(resource))) {
                metadataFiles++;
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        names.add(property.path("name").asText());
                    }
                }
            }
        }
        assertFalse(metadataFiles == 0, "no Spring configuration metadata on the test classpath");
        Path applicationYaml = dockerDir.resolveSibling("studioflow-app/src/main/resources/application.yaml");
        try (Reader reader = Files.newBufferedReader(applicationYaml)) {
            flatten("", new Yaml().load(reader), names);
        }
        Set<String> variables = new TreeSet<>();
        for (String name : names) {
            variables.add(name.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "").replace("[", "")
                    .replace("]", ""));
        }
        return variables;
    }

    private static void flatten(String prefix, Object value, Set<String> names) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child,
                    names));
        } else if (value instanceof List<?> list) {
            // a list's elements as one name, as in the record-bound ones: users[0].name, users[1].name: users[].name
            list.forEach(element -> flatten(prefix + "[]", element, names));
        } else if (!prefix.isEmpty()) {
            names.add(prefix);
        }
    }

    /** Studioflow's services are the ones built from docker/Dockerfile or running its image. */
    private static List<String> studioflowServices() {
        List<String> found = new ArrayList<>();
        services.forEach((name, definition) -> {
            Map<String, Object> service = stringKeys(definition);
            if (service.get("build") != null || String.valueOf(service.get("image")).startsWith("studioflow")) {
                found.add(name);
            }
        });
        assertFalse(found.isEmpty(), "no Studioflow service (one with build: or image: studioflow...)");
        return found;
    }

    /** A service's variables, from a mapping or from a list of NAME=value (a NAME alone passes the host's on). */
    private static Map<String, String> environment(String service) {
        Object environment = stringKeys(services.get(service)).get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> variables.put(String.valueOf(key),
                    value == null ? null : String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String text = String.valueOf(entry);
                int equals = text.indexOf('=');
                variables.put(equals < 0 ? text : text.substring(0, equals),
                        equals < 0 ? null : text.substring(equals + 1));
            }
        }
        return variables;
    }

    /** How many containers a service runs: deploy.replicas, else scale, else one. */
    private static int instances(String service) {
        Map<String, Object> definition = stringKeys(services.get(service));
        Object replicas = stringKeys(definition.get("deploy")).get("replicas");
        if (replicas == null) {
            replicas = definition.get("scale");
        }
        return replicas == null ? 1 : Integer.parseInt(String.valueOf(replicas));
    }

    /** Mount target to source (a volume name or a host path), from the short and the long syntax. */
    private static Map<String, String> volumeSources(String service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        if (stringKeys(services.get(service)).get("volumes") instanceof List<?> volumes) {
            for (Object volume : volumes) {
                if (volume instanceof Map<?, ?> longSyntax) {
                    mounts.put(String.valueOf(longSyntax.get("target")), String.valueOf(longSyntax.get("source")));
                } else {
                    String[] parts = String.valueOf(volume).split(":");
                    if (parts.length >= 2) {
                        mounts.put(parts[1], parts[0]);
                    }
                }
            }
        }
        return mounts;
    }

    /** Whether a service runs an image by that name, with compose's defaults put in: ${TAG:-8.8.14} is 8.8.14. */
    private static boolean hasImage(String prefix) {
        return services.values().stream().anyMatch(s -> DEFAULT_VALUE
                .matcher(String.valueOf(stringKeys(s).get("image"))).replaceAll("$1").startsWith(prefix));
    }

    /** Dockerfile instructions, continuation lines joined and comments dropped. */
    private static List<String> instructions(String dockerfile) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continues = trimmed.endsWith("\\");
            current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                instructions.add(current.toString().trim());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            instructions.add(current.toString().trim());
        }
        return instructions;
    }

    private static String keyword(String instruction) {
        int space = instruction.indexOf(' ');
        return (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeys(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** docker/ of this repository: studioflow.root when Maven passes it, else found upwards from the module dir. */
    private static Path dockerDir() {
        String root = System.getProperty("studioflow.root");
        if (root != null && Files.isRegularFile(Path.of(root, "docker", "compose.yaml"))) {
            return Path.of(root, "docker").toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker/compose.yaml"))) {
                return dir.resolve("docker");
            }
        }
        return fail("docker/compose.yaml not found from " + Path.of("").toAbsolutePath() + " upwards (studioflow.root="
                + root + ")");
    }
}
