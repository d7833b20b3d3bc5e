package io.multiws.tests.reactive;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.multiws.observation.WsHandshakeObservationContext;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An open connection on Reactor Netty does not keep its handshake's observation, nor,
 * through it, the upgrade request's exchange: the 1.3 KB per connection that held at
 * 10 000 connections (see {@code IdleCapacity} in {@code benchmarks/load}).
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = { WireTestApplication.class, ReactiveHandshakeRetentionTests.Observed.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class ReactiveHandshakeRetentionTests {

	private static final List<WeakReference<Observation.Context>> HANDSHAKES = new CopyOnWriteArrayList<>();

	@LocalServerPort
	int port;

	@Test
	void anOpenConnectionLetsItsHandshakeObservationBeCollected() {
		try (WsTestConnection connection = WsTestClient.forPort(this.port).connect("/echo/retention")) {
			connection.sendText("open");
			assertThat(connection.awaitText()).isEqualTo("open");
			await().atMost(Duration.ofSeconds(10)).until(() -> !HANDSHAKES.isEmpty());
			await("the handshake's observation context collected while its connection is open")
				.atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> {
					System.gc();
					return HANDSHAKES.get(0).get() == null;
				});
			connection.sendText("still open");
			assertThat(connection.awaitText()).isEqualTo("still open");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Observed {

		@Bean
		ObservationRegistry observationRegistry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new ObservationHandler<>() {

				@Override
				public boolean supportsContext(Observation.Context context) {
					return context instanceof WsHandshakeObservationContext;
				}

				@Override
				public void onStop(Observation.Context context) {
					HANDSHAKES.add(new WeakReference<>(context));
				}

			});
			return registry;
		}

	}

}
