// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldnode.runtime.report.lwm2m.LeshanTestServer.await;
import static org.fieldnode.runtime.report.lwm2m.Lwm2mTesting.OTHER_SECRET;
import static org.fieldnode.runtime.report.lwm2m.Lwm2mTesting.SECRET;
import static org.fieldnode.runtime.report.lwm2m.Lwm2mTesting.psk;
import static org.fieldnode.runtime.report.lwm2m.Lwm2mTesting.reading;
import static org.fieldnode.runtime.report.lwm2m.Lwm2mTesting.settings;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributeSet;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributes;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteAttributesRequest;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteAttributesResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.ReportResult;
import org.junit.jupiter.api.Test;

/**
 * The LwM2M transport against Eclipse Leshan's server in process on loopback: registration with a pre-shared key and
 * with the enrolled X.509 identity, Send of readings, reads of the Device object, refusals.
 */
class Lwm2mReporterIT {
    private static final String ENDPOINT = "node-lwm2m-1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void psk_registersAndSendsTimestampedValues_thatTheServerDecodesWithTheOmaModels() throws Exception {
        try (LeshanTestServer server =
                        new LeshanTestServer().psk(ENDPOINT, ENDPOINT, SECRET).start();
                Lwm2mReporter reporter = new Lwm2mReporter(settings(server.uri(), ENDPOINT, psk(ENDPOINT, SECRET)))) {
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<Reading> readings = List.of(
                    reading("env0", Channel.AMBIENT_TEMPERATURE, 21.5, t0),
                    reading("env0", Channel.RELATIVE_HUMIDITY, 48.25, t0),
                    reading("env0", Channel.PRESSURE, 101_325.0, t0),
                    reading("env0", Channel.AMBIENT_TEMPERATURE, 21.75, t0.plusSeconds(5)));
            reporter.sampled(readings);

            ReportResult result = reporter.report(new Batch(7, readings));

            assertThat(result).isEqualTo(new ReportResult.Acknowledged(7));
            assertThat(server.registration(ENDPOINT)).isPresent();
            assertThat(await(() -> server.received().size() == 4, WAIT)).isTrue();
            assertThat(server.received())
                    .extracting(
                            r -> r.path().toString(), LeshanTestServer.Received::time, LeshanTestServer.Received::value)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("/3303/0/5700", t0, 21.5),
                            org.assertj.core.groups.Tuple.tuple("/3304/0/5700", t0, 48.25),
                            org.assertj.core.groups.Tuple.tuple("/3315/0/5700", t0, 101_325.0),
                            org.assertj.core.groups.Tuple.tuple("/3303/0/5700", t0.plusSeconds(5), 21.75));
            assertThat(server.sendErrors()).isEmpty();
        }
    }

    @Test
    void read_servesTheLatestValue_minMax_unitsAndTheSeriesName_andTheDeviceObject() throws Exception {
        try (LeshanTestServer server =
                        new LeshanTestServer().psk(ENDPOINT, ENDPOINT, SECRET).start();
                Lwm2mReporter reporter = new Lwm2mReporter(settings(server.uri(), ENDPOINT, psk(ENDPOINT, SECRET)))) {
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<Reading> readings = List.of(
                    reading("env0", Channel.AMBIENT_TEMPERATURE, 21.5, t0),
                    reading("env0", Channel.AMBIENT_TEMPERATURE, 19.0, t0.plusSeconds(1)),
                    reading("env0", Channel.AMBIENT_TEMPERATURE, 20.25, t0.plusSeconds(2)));
            reporter.sampled(readings);
            assertThat(reporter.report(new Batch(0, readings))).isInstanceOf(ReportResult.Acknowledged.class);
            Registration registration = server.registration(ENDPOINT).orElseThrow();

            assertThat(value(server, registration, "/3303/0/5700")).isEqualTo(20.25);
            assertThat(value(server, registration, "/3303/0/5601")).isEqualTo(19.0);
            assertThat(value(server, registration, "/3303/0/5602")).isEqualTo(21.5);
            assertThat(value(server, registration, "/3303/0/5701")).isEqualTo("Cel");
            assertThat(value(server, registration, "/3303/0/5750")).isEqualTo("env0/temperature");
            assertThat(value(server, registration, "/3/0/0")).isEqualTo("raspberrypi");
            assertThat(value(server, registration, "/3/0/1")).isEqualTo("4b");
            assertThat(value(server, registration, "/3/0/2")).isEqualTo(ENDPOINT);
            assertThat(value(server, registration, "/3/0/19")).isEqualTo("0.1.0-test");
            ReadResponse errors = server.server().send(registration, new ReadRequest(3, 0, 11), 5_000);
            assertThat(((LwM2mMultipleResource) errors.getContent()).getInstances())
                    .hasSize(1)
                    .allSatisfy(
                            (id, instance) -> assertThat(instance.getValue()).isEqualTo(0L));
        }
    }

    @Test
    void observe_withPminPmax_notifiesNewValues_noOftenerThanPmin_andAgainAtPmax() throws Exception {
        try (LeshanTestServer server =
                        new LeshanTestServer().psk(ENDPOINT, ENDPOINT, SECRET).start();
                Lwm2mReporter reporter = new Lwm2mReporter(settings(server.uri(), ENDPOINT, psk(ENDPOINT, SECRET)))) {
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<Reading> first = List.of(reading("env0", Channel.AMBIENT_TEMPERATURE, 21.0, t0));
            reporter.sampled(first);
            assertThat(reporter.report(new Batch(0, first))).isInstanceOf(ReportResult.Acknowledged.class);
            Registration registration = server.registration(ENDPOINT).orElseThrow();
            LwM2mPath temperature = new LwM2mPath(3303, 0, 5700);

            WriteAttributesResponse attributes = server.server()
                    .send(
                            registration,
                            new WriteAttributesRequest(
                                    temperature,
                                    new LwM2mAttributeSet(
                                            LwM2mAttributes.create(LwM2mAttributes.MINIMUM_PERIOD, 1L),
                                            LwM2mAttributes.create(LwM2mAttributes.MAXIMUM_PERIOD, 2L))),
                            5_000);
            assertThat(attributes.isSuccess()).as(attributes.toString()).isTrue();
            ObserveResponse observed = server.server().send(registration, new ObserveRequest(temperature), 5_000);
            assertThat(observed.isSuccess()).as(observed.toString()).isTrue();
            assertThat(((LwM2mSingleResource) observed.getContent()).getValue()).isEqualTo(21.0);

            // Two new values within pmin: the server hears the latest of them.
            reporter.sampled(List.of(reading("env0", Channel.AMBIENT_TEMPERATURE, 22.5, t0.plusSeconds(1))));
            reporter.sampled(List.of(reading("env0", Channel.AMBIENT_TEMPERATURE, 23.0, t0.plusSeconds(2))));
            assertThat(await(
                            () -> server.notifications().stream()
                                    .anyMatch(n -> Double.valueOf(23.0).equals(n.value())),
                            WAIT))
                    .isTrue();
            // Nothing new: pmax still brings the value again.
            int heard = server.notifications().size();
            assertThat(await(() -> server.notifications().size() > heard, WAIT)).isTrue();
            List<LeshanTestServer.Notification> notifications = server.notifications();
            assertThat(notifications).allSatisfy(n -> assertThat(n.path()).isEqualTo(temperature));
            assertThat(notifications.get(notifications.size() - 1).value()).isEqualTo(23.0);
            for (int i = 1; i < notifications.size(); i++) {
                long gap = notifications.get(i).arrivedNanos()
                        - notifications.get(i - 1).arrivedNanos();
                assertThat(Duration.ofNanos(gap))
                        .as("gap before notification " + i)
                        .isGreaterThan(Duration.ofMillis(800));
            }
        }
    }

    @Test
    void reset_setsMinAndMaxToTheLatestValue() throws Exception {
        try (LeshanTestServer server =
                        new LeshanTestServer().psk(ENDPOINT, ENDPOINT, SECRET).start();
                Lwm2mReporter reporter = new Lwm2mReporter(settings(server.uri(), ENDPOINT, psk(ENDPOINT, SECRET)))) {
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<Reading> readings = List.of(
                    reading("env0", Channel.RELATIVE_HUMIDITY, 40.0, t0),
                    reading("env0", Channel.RELATIVE_HUMIDITY, 60.0, t0.plusSeconds(1)),
                    reading("env0", Channel.RELATIVE_HUMIDITY, 50.0, t0.plusSeconds(2)));
            reporter.sampled(readings);
            assertThat(reporter.report(new Batch(0, readings))).isInstanceOf(ReportResult.Acknowledged.class);
            Registration registration = server.registration(ENDPOINT).orElseThrow();

            ExecuteResponse reset = server.server().send(registration, new ExecuteRequest("/3304/0/5605"), 5_000);

            assertThat(reset.isSuccess()).as(reset.toString()).isTrue();
            assertThat(value(server, registration, "/3304/0/5601")).isEqualTo(50.0);
            assertThat(value(server, registration, "/3304/0/5602")).isEqualTo(50.0);
            assertThat(value(server, registration, "/3304/0/5701")).isEqualTo("%RH");
        }
    }

    @Test
    void x509_registersWithTheEnrolledIdentity_andTheServerPinnedToTheAnchor() throws Exception {
        Lwm2mTesting.Pki pki = Lwm2mTesting.Pki.create();
        try (LeshanTestServer server = new LeshanTestServer()
                        .x509(
                                pki.endpoint(),
                                pki.serverKeys().getPrivate(),
                                new X509Certificate[] {pki.server()},
                                pki.ca().certificate())
                        .start();
                Lwm2mReporter reporter = new Lwm2mReporter(settings(server.uri(), pki.endpoint(), pki.credentials()))) {
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<Reading> readings = List.of(reading("soil0", Channel.SOIL_MOISTURE, 31.5, t0));

            assertThat(reporter.report(new Batch(0, readings))).isEqualTo(new ReportResult.Acknowledged(0));
            assertThat(server.registration(pki.endpoint())).isPresent();
            assertThat(await(() -> server.received().size() == 1, WAIT)).isTrue();
            assertThat(server.received().get(0).path()).isEqualTo(new LwM2mPath(3300, 0, 5700));
        }
    }

    @Test
    void wrongKey_isRefused_nothingIsRegisteredOrStored_andTheReasonSaysSo() throws Exception {
        try (LeshanTestServer server =
                        new LeshanTestServer().psk(ENDPOINT, ENDPOINT, SECRET).start();
                Lwm2mReporter reporter =
                        new Lwm2mReporter(settings(server.uri(), ENDPOINT, psk(ENDPOINT, OTHER_SECRET)))) {
            List<Reading> readings = List.of(reading("env0", Channel.AMBIENT_TEMPERATURE, 21.5, Instant.now()));

            ReportResult result = reporter.report(new Batch(3, readings));

            assertThat(result).isInstanceOfSatisfying(ReportResult.Unreachable.class, u -> {
                assertThat(u.cause()).isEqualTo(ReportResult.Cause.HANDSHAKE_REFUSED);
                assertThat(u.reason()).contains("refused our pre-shared key (identity '" + ENDPOINT + "')");
            });
            assertThat(server.registration(ENDPOINT)).isEmpty();
            assertThat(server.received()).isEmpty();
        }
    }

    private static Object value(LeshanTestServer server, Registration registration, String path) throws Exception {
        ReadResponse response = server.server().send(registration, new ReadRequest(path), 5_000);
        assertThat(response.isSuccess()).as(path + ": " + response).isTrue();
        return ((LwM2mSingleResource) response.getContent()).getValue();
    }
}
