package io.multiws.tests.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.test.autoconfigure.AutoConfigureWsTestClient;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful and immediate shutdown: new upgrades refused from the start, every session
 * closed with 1001 after its queued messages, hubs emptied, nothing alarming in the log.
 *
 * @author multi-ws team
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class AbstractShutdownWireTests {

	@ParameterizedTest
	@ValueSource(strings = { "graceful", "immediate" })
	void shutdownClosesEverySessionWith1001AfterFlushingAndRefusesNewUpgrades(String mode, CapturedOutput output) {
		AtomicInteger lateUpgrade = new AtomicInteger();
		AtomicInteger port = new AtomicInteger();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WireTestApplication.class,
				TestClientConfiguration.class)
			.properties("server.port=0", "server.shutdown=" + mode, "spring.main.banner-mode=off")
			.listeners((ApplicationListener<ContextClosedEvent>) (event) -> lateUpgrade.set(lateUpgradeStatus(port)))
			.run();
		port.set(((WebServerApplicationContext) context).getWebServer().getPort());
		WsHubs hubs = context.getBean(WsHubs.class);
		// Its connections return once the server has joined the session to its hub, so that
		// the broadcasts below reach every one of them
		WsTestClient client = context.getBean(WsTestClient.class);
		List<WsTestConnection> clients = new ArrayList<>();
		for (String room : List.of("/rooms/a", "/rooms/a", "/rooms/b", "/echo/c")) {
			clients.add(client.connect(room));
		}
		assertThat(hubs).hasHubCount(3);
		int queued = 50;
		for (int i = 0; i < queued; i++) {
			hubs.broadcast("/rooms/a", "news " + i);
		}
		context.close();
		for (WsTestConnection member : clients.subList(0, 2)) {
			assertThat(member).as("queued messages flushed before close").receivedTexts(queued).hasSize(queued);
		}
		for (WsTestConnection connection : clients) {
			assertThat(connection).isClosedWith(1001);
		}
		assertThat(hubs.count()).isZero();
		assertThat(lateUpgrade.get()).as("upgrade during shutdown").isEqualTo(503);
		assertThat(output.getAll()).doesNotContain("Exception").doesNotContain(" ERROR ");
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigureWsTestClient
	static class TestClientConfiguration {

	}

	private static int lateUpgradeStatus(AtomicInteger port) {
		try {
			return RawWsClient.status(port.get(), "/rooms/late", Map.of());
		}
		catch (Exception ex) {
			return -1;
		}
	}

}
