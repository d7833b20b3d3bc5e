package io.multiws.tests.reactive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WebFlux's HTTP server observation leaves out the upgrades to multi-ws's paths: it would
 * stay open for the connection's whole life (about 2.5 KB per idle connection, see
 * {@code IdleCapacity} in {@code benchmarks/load}); other requests are still observed.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = { WireTestApplication.class, ReactiveUpgradeObservationTests.Observed.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class ReactiveUpgradeObservationTests {

	private static final List<String> STARTED = new CopyOnWriteArrayList<>();

	@LocalServerPort
	int port;

	@Test
	void anUpgradeToAnEndpointStartsNoHttpServerObservationWhileOtherRequestsDo() throws Exception {
		try (WsTestConnection connection = WsTestClient.forPort(this.port).connect("/echo/observed")) {
			connection.sendText("open");
			assertThat(connection.awaitText()).isEqualTo("open");
		}
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/not-an-endpoint")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(404);
		await("the plain request observed").atMost(Duration.ofSeconds(10))
			.until(() -> STARTED.contains("/not-an-endpoint"));
		assertThat(STARTED).doesNotContain("/echo/observed");
	}

	@Configuration(proxyBeanMethods = false)
	static class Observed {

		@Bean
		ObservationRegistry observationRegistry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new ObservationHandler<>() {

				@Override
				public boolean supportsContext(Observation.Context context) {
					return context instanceof ServerRequestObservationContext;
				}

				@Override
				public void onStart(Observation.Context context) {
					STARTED.add(((ServerRequestObservationContext) context).getCarrier().getURI().getRawPath());
				}

			});
			return registry;
		}

	}

}
