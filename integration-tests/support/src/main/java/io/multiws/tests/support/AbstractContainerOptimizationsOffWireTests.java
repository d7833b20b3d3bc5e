package io.multiws.tests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.test.autoconfigure.AutoConfigureWsTestClient;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code multi-ws.container-optimizations.enabled=false}, the start-up report says
 * that the stack keeps to the portable API, naming the container's version, and messages
 * still go both ways: an echo to its sender, a broadcast to every member of a hub.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.container-optimizations.enabled=false",
				"startup-report=container-optimizations-off" })
@AutoConfigureWsTestClient
@ExtendWith(OutputCaptureExtension.class)
public abstract class AbstractContainerOptimizationsOffWireTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	private WsHubs hubs;

	@Autowired
	private WsTestClient ws;

	private final List<WsTestConnection> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsTestConnection::close);
		await("all hubs removed after the test").atMost(WAIT).until(() -> this.hubs.count() == 0);
	}

	/**
	 * Return the stack as the start-up report names it.
	 * @return the framework and the server, such as {@code Spring MVC on Tomcat}
	 */
	protected abstract String stack();

	@Test
	void theStartupReportSaysTheStackKeepsToThePortableApi(CapturedOutput output) {
		assertThat(output.getAll()).containsPattern(Pattern.quote("multi-ws: " + stack() + " ")
				+ "\\d+\\.\\d+\\.\\d+[^:]*: container optimizations off, portable API");
	}

	@Test
	void echoAndBroadcastGoThroughThePortableApi() {
		WsTestConnection first = connect("/rooms/portable");
		WsTestConnection second = connect("/rooms/portable");
		await("both sessions in their hub").atMost(WAIT)
			.until(() -> this.hubs.find("/rooms/portable").map(WsHub::size).orElse(0) == 2);
		assertThat(this.hubs.broadcast("/rooms/portable", "to all")).isEqualTo(2);
		assertThat(first.awaitText()).isEqualTo("to all");
		assertThat(second.awaitText()).isEqualTo("to all");
		WsTestConnection echo = connect("/echo/portable");
		echo.sendText("hello");
		assertThat(echo.awaitText()).isEqualTo("hello");
	}

	private WsTestConnection connect(String path) {
		WsTestConnection client = this.ws.connect(path);
		this.clients.add(client);
		return client;
	}

}
