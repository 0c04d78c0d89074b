// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldnode.collector.DeviceSummary;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingStore;
import org.fieldnode.collector.SeriesKey;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.export.CsvExport;
import org.fieldnode.collector.export.Text;
import org.fieldnode.protocol.json.JsonWriter;
import org.fieldnode.protocol.senml.SenmlValue;
import org.tinylog.Logger;

/**
 * The collector's read-only web page, on a loopback address only (it has no log-in), served by the JDK's {@link
 * HttpServer} on two threads of its own:
 *
 * <ul>
 *   <li>{@code GET /[?range=24h|7d|30d]}: the device list and per-device charts ({@link DashboardPage});
 *   <li>{@code GET /export.csv?range=R[&device=D]}: the readings the page shows, as CSV;
 *   <li>{@code GET /api/devices}: the device list as JSON;
 *   <li>{@code GET /api/recent?device=D&name=N&unit=U}: the latest readings of one series as JSON, oldest first.
 * </ul>
 *
 * Only GET and HEAD are answered (405 otherwise). A request whose {@code Host} is not this loopback address is
 * refused with 421, so that a web site cannot read the page through DNS rebinding.
 */
public final class Dashboard implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;
    private final ReadingStore store;
    private final InstantSource clock;
    private final Set<String> hosts;
    private final DeviceLabels labels;

    private Dashboard(
            HttpServer server, ExecutorService threads, ReadingStore store, InstantSource clock, DeviceLabels labels) {
        this.server = server;
        this.threads = threads;
        this.store = store;
        this.clock = clock;
        this.labels = labels;
        int port = server.getAddress().getPort();
        String bound = server.getAddress().getAddress().getHostAddress();
        this.hosts = new HashSet<>(List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port));
        hosts.add((bound.contains(":") ? "[" + bound + "]" : bound) + ":" + port);
    }

    /**
     * Serves the page of {@code store} on {@code bind}; port 0 picks a free port (see {@link #address()}).
     *
     * @throws IllegalArgumentException when {@code bind} is not a loopback address
     * @throws IOException when the address cannot be bound
     */
    public static Dashboard start(InetSocketAddress bind, ReadingStore store, InstantSource clock) throws IOException {
        return start(bind, store, clock, DeviceLabels.NONE);
    }

    /**
     * As {@link #start(InetSocketAddress, ReadingStore, InstantSource)}, with the device names and enrolment states
     * shown next to the node ids.
     */
    public static Dashboard start(InetSocketAddress bind, ReadingStore store, InstantSource clock, DeviceLabels labels)
            throws IOException {
        if (bind.getAddress() == null || !bind.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the web page has no log-in, so it is served on a loopback address"
                    + " only (e.g. 127.0.0.1:8080), not " + bind.getHostString());
        }
        HttpServer server = HttpServer.create(bind, 16);
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "collector-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        Dashboard dashboard = new Dashboard(server, threads, store, clock, labels);
        server.createContext("/", dashboard::handle);
        server.start();
        Logger.info(
                "Collector web page on http://{}:{}/",
                server.getAddress().getAddress().getHostAddress(),
                server.getAddress().getPort());
        return dashboard;
    }

    /** The bound address (the actual port when port 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain", "read-only: GET or HEAD\n");
                return;
            }
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (host == null || !hosts.contains(host.toLowerCase(java.util.Locale.ROOT))) {
                send(exchange, 421, "text/plain", "this page answers only to its loopback address\n");
                return;
            }
            URI uri = exchange.getRequestURI();
            try {
                switch (uri.getPath()) {
                    case "/" ->
                        send(
                                exchange,
                                200,
                                "text/html",
                                DashboardPage.render(
                                        store,
                                        clock.instant(),
                                        DashboardPage.Range.of(
                                                query(uri.getRawQuery()).get("range")),
                                        labels));
                    case "/export.csv" -> csv(exchange, query(uri.getRawQuery()));
                    case "/api/devices" -> send(exchange, 200, "application/json", devicesJson());
                    case "/api/recent" -> recent(exchange, query(uri.getRawQuery()));
                    default -> send(exchange, 404, "text/plain", "not found\n");
                }
            } catch (StoreException e) {
                Logger.warn("Web page: {}", e.getMessage());
                send(exchange, 503, "text/plain", "the store cannot be read now\n");
            }
        } catch (IOException | RuntimeException e) {
            Logger.debug(e, "Web page request failed");
        }
    }

    private void recent(HttpExchange exchange, Map<String, String> query) throws IOException, StoreException {
        String device = query.get("device");
        String name = query.get("name");
        if (device == null || name == null) {
            send(exchange, 400, "text/plain", "needs ?device=D&name=N (and &unit=U when the series has one)\n");
            return;
        }
        List<StoredReading> readings =
                store.recent(device, new SeriesKey(name, query.getOrDefault("unit", "")), DashboardPage.POINTS);
        JsonWriter json = new JsonWriter(64 + 48 * readings.size()).beginArray();
        for (StoredReading r : readings) {
            json.beginObject().name("t").numberText(Text.epochSeconds(r.time()));
            switch (r.typed()) {
                case SenmlValue.Numeric n -> json.name("v").numberText(Text.number(n.number()));
                case SenmlValue.Flag f -> json.name("vb").value(f.flag());
                case SenmlValue.Text t -> json.name("vs").value(t.text());
                case SenmlValue.Data d -> json.name("vd").value(d.base64());
                case null -> {}
            }
            if (r.sum() != null) {
                json.name("s").numberText(Text.number(r.sum()));
            }
            if (r.sequenced()) {
                json.name("seq").value(r.sequence());
            }
            json.endObject();
        }
        send(exchange, 200, "application/json", json.endArray().newLine().toString());
    }

    /**
     * {@code GET /export.csv?range=R[&device=D]}: what the page shows for range R, as the CSV of {@code collector
     * export} (one row per device and time, a column per series with its unit).
     */
    private void csv(HttpExchange exchange, Map<String, String> query) throws IOException {
        DashboardPage.Range range = DashboardPage.Range.of(query.get("range"));
        Instant now = clock.instant();
        ReadingFilter filter = new ReadingFilter(
                Optional.ofNullable(query.get("device")), Optional.of(now.minus(range.length)), Optional.of(now));
        StringWriter body = new StringWriter(4096);
        CsvExport.write(store, filter, body);
        exchange.getResponseHeaders()
                .set(
                        "Content-Disposition",
                        "attachment; filename=\"fieldnode-" + range.key + (query.containsKey("device") ? "-device" : "")
                                + ".csv\"");
        send(exchange, 200, "text/csv", body.toString());
    }

    private String devicesJson() throws StoreException {
        JsonWriter json = new JsonWriter(256).beginArray();
        for (DeviceSummary d : store.devices()) {
            json.nextLine()
                    .beginObject()
                    .name("device")
                    .value(d.device())
                    .name("state")
                    .value(DashboardPage.state(d, DashboardPage.reportInterval(store, d.device()), clock.instant()))
                    .name("last_seen")
                    .value(d.lastSeen().toString());
            d.queueDepth().ifPresent(q -> json.name("queue").value(q));
            d.dropped().ifPresent(q -> json.name("dropped").value(q));
            d.battery().ifPresent(b -> json.name("battery").numberText(Text.number(b)));
            if (d.battery().isPresent()) {
                json.name("battery_unit").value(d.batteryUnit());
            }
            json.endObject();
        }
        return json.newLine().endArray().newLine().toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.putIfAbsent(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        DashboardPage.securityHeaders().forEach(exchange.getResponseHeaders()::set);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops serving at once and ends its threads. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
