package io.multiws.tests.observability;

import java.io.IOException;
import java.time.Duration;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import io.multiws.tests.support.RawWsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Handshakes run inside observations, and so do the inbound message callbacks of an
 * endpoint whose messages are observed ({@code observed} asks for it; {@code unobserved}
 * keeps the default, off), in scope on the callback's thread, with a trace when
 * Micrometer Tracing is present.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = { WireTestApplication.class, ObservedEndpointConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.endpoints.observed.observations.messages.enabled=true",
				// The test's own tracer, not Brave as Boot would configure it (see TracingWireTests)
				"spring.autoconfigure.exclude="
						+ "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration,"
						+ "org.springframework.boot.micrometer.tracing.autoconfigure."
						+ "MicrometerTracingAutoConfiguration,"
						+ "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus."
						+ "PrometheusExemplarsAutoConfiguration" })
class ObservationWireTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TestObservationRegistry registry;

	@Autowired
	private SimpleTracer tracer;

	@BeforeEach
	void clear() {
		this.registry.clear();
	}

	@Test
	void aMessageCallbackSeesItsObservationAndTrace() {
		try (WsTestConnection client = connect("/observed/room-1")) {
			String seen = client.sendText("hello").awaitText();
			assertThat(seen).startsWith("multiws.message /observed/{room} /observed/room-1 trace=");
			String traceId = seen.substring(seen.indexOf("trace=") + 6);
			assertThat(traceId).isNotEqualTo("none");
			assertThat(this.tracer.getSpans()).extracting((span) -> span.getTraceId()).contains(traceId);
			await().untilAsserted(() -> assertThat(this.registry).hasObservationWithNameEqualTo("multiws.message")
				.that()
				.hasLowCardinalityKeyValue("endpoint", "observed")
				.hasLowCardinalityKeyValue("template", "/observed/{room}")
				.hasLowCardinalityKeyValue("outcome", "SUCCESS")
				.hasLowCardinalityKeyValue("message.type", "text")
				.hasHighCardinalityKeyValue("path", "/observed/room-1")
				.doesNotHaveLowCardinalityKeyValueWithKey("path")
				.hasBeenStopped());
		}
	}

	@Test
	void aFailingCallbackEndsItsObservationWithTheError() {
		try (WsTestConnection client = connect("/observed/room-2")) {
			client.sendText("fail");
			assertThat(client.awaitCloseCode()).isEqualTo(1011);
			await().untilAsserted(() -> assertThat(this.registry).hasObservationWithNameEqualTo("multiws.message")
				.that()
				.hasLowCardinalityKeyValue("outcome", "ERROR")
				.hasError()
				.hasBeenStopped());
		}
	}

	@Test
	void theHandshakeIsObservedWithItsOutcome() {
		connect("/observed/room-3").close();
		assertThat(client().path("/observed/room-4").origin("https://evil.example").handshakeStatus())
			.isEqualTo(403);
		assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> {
			assertThat(contexts).filteredOn((context) -> context.getName().equals("multiws.handshake"))
				.extracting((context) -> context.getLowCardinalityKeyValue("outcome").getValue() + " "
						+ context.getLowCardinalityKeyValue("status").getValue() + " "
						+ context.getHighCardinalityKeyValue("path").getValue())
				.containsExactlyInAnyOrder("SUCCESS 101 /observed/room-3", "REFUSED 403 /observed/room-4");
		});
	}

	/**
	 * The checks admit an upgrade that the handshake itself then refuses (Spring's
	 * handshake handler wants {@code Connection: Upgrade}): the observation ends with the
	 * handshake, and records the status the client got.
	 */
	@Test
	void aHandshakeThatFailsAfterTheChecksIsObservedAsFailed() throws IOException {
		String head = "GET /observed/room-6 HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Version: 13\r\n"
				+ "Sec-WebSocket-Key: " + RawWsClient.newKey();
		try (RawWsClient client = RawWsClient.request(this.port, head)) {
			assertThat(client.status()).as(client.response()).isEqualTo(400);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> {
				assertThat(contexts).filteredOn((context) -> context.getName().equals("multiws.handshake"))
					.extracting((context) -> context.getLowCardinalityKeyValue("outcome").getValue() + " "
							+ context.getLowCardinalityKeyValue("status").getValue() + " "
							+ context.getHighCardinalityKeyValue("path").getValue())
					.containsExactly("REFUSED 400 /observed/room-6");
			}));
	}

	@Test
	void byDefaultAnEndpointsHandshakesAreObservedButNotItsMessages() {
		try (WsTestConnection client = connect("/unobserved/room-6")) {
			assertThat(client.sendText("hello").awaitText()).isEqualTo("none trace=none");
			assertThat(client.sendText("again").awaitText()).isEqualTo("none trace=none");
		}
		try (WsTestConnection client = connect("/observed/room-6")) {
			assertThat(client.sendText("hello").awaitText()).startsWith("multiws.message /observed/{room}");
		}
		// The observed message's observation ends after its reply: once it has, every other one has too
		await().untilAsserted(() -> assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> {
			assertThat(contexts).filteredOn((context) -> context.getName().equals("multiws.message"))
				.extracting((context) -> context.getLowCardinalityKeyValue("endpoint").getValue())
				.containsExactly("observed");
			assertThat(contexts).filteredOn((context) -> context.getName().equals("multiws.handshake"))
				.extracting((context) -> context.getLowCardinalityKeyValue("endpoint").getValue())
				.containsExactlyInAnyOrder("unobserved", "observed");
		}));
		assertThat(this.tracer.getSpans()).extracting(SimpleSpan::getName)
			.contains("websocket handshake /unobserved/{room}")
			.doesNotContain("websocket message /unobserved/{room}");
	}

	@Test
	void theHandshakeAndTheMessageAreSpansOfTheTracer() {
		try (WsTestConnection client = connect("/observed/room-5")) {
			client.sendText("hello").awaitText();
		}
		// The reply can reach the client before the server thread ends the message's span
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.tracer.getSpans()).extracting(SimpleSpan::getName)
				.contains("websocket handshake /observed/{room}", "websocket message /observed/{room}"));
	}

	private WsTestConnection connect(String path) {
		return client().connect(path);
	}

	private WsTestClient client() {
		return WsTestClient.forPort(this.port);
	}

}
