package io.pulsetracker.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.mariadb.MariaDBContainer;

/**
 * The real MariaDB and Redis the integration tests run against: Testcontainers when a Docker engine
 * answers, otherwise the services on their standard local ports (MariaDB 127.0.0.1:3306 as root without
 * password, Redis 127.0.0.1:6379). Each test class gets its own database and Redis key prefix, so classes
 * never see each other's data. The device doors (TCP, UDP, WebSocket) bind free ports chosen by the
 * operating system; {@link io.pulsetracker.ingest.DevicePorts} tells which.
 */
public final class TestServices {

    private static final boolean DOCKER = dockerAvailable();
    /** Two checkouts of the project may test at once against the same MariaDB without sharing databases. */
    private static final String CHECKOUT =
            Integer.toHexString(Path.of("").toAbsolutePath().toString().hashCode() & 0xfffff);

    private static final Map<Class<?>, Map<String, Supplier<Object>>> PREPARED = new ConcurrentHashMap<>();
    private static MariaDBContainer mariadb;
    private static GenericContainer<?> redis;

    private TestServices() {}

    /** Registers the connection properties of a fresh database and key prefix for {@code testClass}. */
    public static void register(DynamicPropertyRegistry registry, Class<?> testClass) {
        PREPARED.computeIfAbsent(testClass, TestServices::prepare).forEach(registry::add);
    }

    /**
     * A fresh database and key prefix for {@code testClass} (made once), as arguments for an application
     * started by the test itself.
     */
    public static String[] arguments(Class<?> testClass) {
        PREPARED.computeIfAbsent(testClass, TestServices::prepare);
        return asArguments(testClass);
    }

    /** Every property registered for {@code testClass}, as arguments for a second application instance. */
    public static String[] asArguments(Class<?> testClass) {
        return PREPARED.get(testClass).entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue().get())
                .toArray(String[]::new);
    }

    /** The value of a property registered for {@code testClass}, e.g. its Redis key prefix. */
    public static String property(Class<?> testClass, String name) {
        return String.valueOf(PREPARED.get(testClass).get(name).get());
    }

    /** Spring may call a property source more than once per class: the database and prefix are made once. */
    private static Map<String, Supplier<Object>> prepare(Class<?> testClass) {
        Map<String, Supplier<Object>> properties = new LinkedHashMap<>();
        String name = "pt_test_" + CHECKOUT + "_" + testClass.getSimpleName().toLowerCase(Locale.ROOT);
        String host = DOCKER ? mariadbContainer().getHost() : "127.0.0.1";
        int port = DOCKER ? mariadbContainer().getMappedPort(3306) : 3306;
        String user = "root";
        String password = DOCKER ? mariadbContainer().getPassword() : "";
        recreateDatabase(host, port, user, password, name);

        properties.put("spring.r2dbc.url", () -> "r2dbc:mariadb://" + host + ":" + port + "/" + name);
        properties.put("spring.r2dbc.username", () -> user);
        properties.put("spring.r2dbc.password", () -> password);
        // Many contexts stay open side by side in one JVM, and other checkouts share this MariaDB (151
        // connections): each context opens one connection at first and at most 10.
        properties.put("spring.r2dbc.pool.initial-size", () -> 1);
        properties.put("spring.r2dbc.pool.max-size", () -> 10);
        properties.put("spring.flyway.url", () -> "jdbc:mariadb://" + host + ":" + port + "/" + name);
        properties.put("spring.flyway.user", () -> user);
        properties.put("spring.flyway.password", () -> password);
        properties.put("spring.data.redis.host", () -> DOCKER ? redisContainer().getHost() : "127.0.0.1");
        properties.put("spring.data.redis.port", () -> DOCKER ? redisContainer().getMappedPort(6379) : 6379);
        String keyPrefix = "pt-test-" + testClass.getSimpleName() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        properties.put("pulsetracker.redis.key-prefix", () -> keyPrefix);
        properties.put("pulsetracker.webhook.allow-private-addresses", () -> "true");
        // Contexts live side by side in one JVM, and other checkouts test on this machine: any free port.
        properties.put("pulsetracker.ingest.bind-address", () -> "127.0.0.1");
        properties.put("pulsetracker.ingest.tcp-port", () -> -1);
        properties.put("pulsetracker.ingest.udp-port", () -> -1);
        properties.put("pulsetracker.ingest.websocket-port", () -> -1);
        return properties;
    }

    private static void recreateDatabase(String host, int port, String user, String password, String name) {
        String url = "jdbc:mariadb://" + host + ":" + port + "/";
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException unreachable) {
            throw new IllegalStateException(
                    "MariaDB is not reachable at " + url + " as " + user
                            + ": start it (see README, Tests) or run a Docker engine",
                    unreachable);
        }
    }

    private static synchronized MariaDBContainer mariadbContainer() {
        if (mariadb == null) {
            mariadb = new MariaDBContainer("mariadb:10.11");
            mariadb.start();
        }
        return mariadb;
    }

    private static synchronized GenericContainer<?> redisContainer() {
        if (redis == null) {
            redis = new GenericContainer<>("redis:7").withExposedPorts(6379);
            redis.start();
        }
        return redis;
    }

    private static boolean dockerAvailable() {
        boolean noEngineInSight =
                System.getenv("DOCKER_HOST") == null && !java.nio.file.Files.exists(Path.of("/var/run/docker.sock"));
        if ("local".equals(System.getenv("PULSE_TEST_SERVICES")) || noEngineInSight) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError noDocker) {
            return false;
        }
    }
}
