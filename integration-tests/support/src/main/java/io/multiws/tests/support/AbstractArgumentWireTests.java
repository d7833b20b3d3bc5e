package io.multiws.tests.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.multiws.admission.WsAdmissionStatistics;
import io.multiws.admission.WsRefusalReason;
import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.ArgumentEndpoints;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.multiws.test.WsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The argument suite: callback parameters bound to the upgrade request
 * ({@code @PathVariable}, {@code @RequestParam}, {@code @RequestHeader}) are resolved as
 * Spring MVC resolves them for a controller. A required value that is missing, or a value
 * that does not convert, refuses the upgrade with 400 and Spring MVC's message, whichever
 * callback takes it; {@code required = false}, {@code defaultValue} and {@code Optional}
 * are honoured. Each web stack runs it through a subclass.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.banner-mode=off")
public abstract class AbstractArgumentWireTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	@Autowired
	protected WsAdmissionStatistics admission;

	private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeClients() throws Exception {
		for (AutoCloseable client : this.clients) {
			client.close();
		}
		await("all hubs removed after the test").atMost(WAIT).until(() -> this.hubs.count() == 0);
	}

	@Test
	void aMissingRequiredQueryParameterIsRefusedWith400ThatNamesIt() throws Exception {
		assertRefused("/args/open/lobby", Map.of("X-Team", "red"),
				"Required request parameter 'player' for method parameter type String is not present");
	}

	@Test
	void aMissingRequiredHeaderIsRefusedWith400ThatNamesIt() throws Exception {
		assertRefused("/args/open/lobby?player=alice", Map.of(),
				"Required request header 'X-Team' for method parameter type String is not present");
	}

	@Test
	void unwrapGivesTheSpringSessionOfTheStackNotTheRuntimesSession() {
		WsTestConnection client = connect(WsTestClient.forPort(this.port).path("/args/unwrap"));
		assertThat(client).receivedText().isEqualTo("runtime=false spring=true");
	}

	@Test
	void requiredValuesThatArePresentReachTheCallbackDecoded() {
		WsTestConnection client = connect(
				WsTestClient.forPort(this.port).path("/args/open/lobby?player=al%20ice").header("X-Team", "red"));
		assertThat(client).receivedText().isEqualTo("al ice of red in lobby");
	}

	@Test
	void aPathVariableThatDoesNotConvertIsRefusedWith400ThatNamesIt() throws Exception {
		assertRefused("/args/typed/abc", Map.of(), "Method parameter 'id': Failed to convert value of type "
				+ "'java.lang.String' to required type 'int'; For input string: \"abc\"");
	}

	@Test
	void aQueryParameterThatDoesNotConvertIsRefusedWith400ThatNamesIt() throws Exception {
		assertRefused("/args/typed/7?since=yesterday", Map.of(), "Method parameter 'since': Failed to convert value "
				+ "of type 'java.lang.String' to required type 'java.util.Optional'; For input string: \"yesterday\"");
	}

	@Test
	void anOptionalParameterThatDoesNotConvertIsRefusedAsWell() throws Exception {
		assertRefused("/args/typed/7?size=big", Map.of(), "Method parameter 'size': Failed to convert value of type "
				+ "'java.lang.String' to required type 'java.lang.Integer'; For input string: \"big\"");
	}

	@Test
	void absentValuesThatAreNotRequiredTakeTheirDefaultNullOrEmpty() {
		WsTestConnection client = connect(WsTestClient.forPort(this.port).path("/args/typed/7"));
		assertThat(client).receivedText().isEqualTo("id=7 page=1 size=null since=none tag=null lang=en");
	}

	@Test
	void presentValuesAreConvertedAndAnEmptyValueTakesTheDefault() {
		WsTestConnection client = connect(WsTestClient.forPort(this.port)
			.path("/args/typed/7?page=&size=3&since=42&tag=a&tag=b")
			.header("X-Lang", "fr"));
		assertThat(client).receivedText().isEqualTo("id=7 page=1 size=3 since=42 tag=[a, b] lang=fr");
	}

	@Test
	void aRequiredValueThatConvertsToNullIsRefusedWith400() throws Exception {
		assertRefused("/args/count?count=", Map.of(), "Required request parameter 'count' for method parameter type "
				+ "Integer is present but converted to null");
		WsTestConnection client = connect(WsTestClient.forPort(this.port).path("/args/count?count=3"));
		assertThat(client).receivedText().isEqualTo("count=3");
	}

	@Test
	void aRequiredParameterOfOnMessageIsCheckedBeforeTheUpgrade() throws Exception {
		assertRefused("/args/message/lobby", Map.of(),
				"Required request parameter 'player' for method parameter type String is not present");
		WsTestConnection client = connect(WsTestClient.forPort(this.port).path("/args/message/lobby?player=bob"));
		client.sendText("hi");
		assertThat(client).receivedText().isEqualTo("bob: hi");
	}

	@Test
	void theHandshakeMethodIsNotCalledWithoutItsRequiredHeader() throws Exception {
		int before = ArgumentEndpoints.handshakes.get();
		assertRefused("/args/handshake/lobby", Map.of(),
				"Required request header 'X-Token' for method parameter type String is not present");
		assertThat(ArgumentEndpoints.handshakes.get()).isEqualTo(before);
		WsTestConnection client = connect(
				WsTestClient.forPort(this.port).path("/args/handshake/lobby").header("X-Token", "t"));
		assertThat(client).receivedText().isEqualTo("in");
		assertThat(ArgumentEndpoints.handshakes.get()).isEqualTo(before + 1);
	}

	private void assertRefused(String target, Map<String, String> headers, String reason) throws Exception {
		long refused = this.admission.refusals(WsRefusalReason.HANDSHAKE_REFUSED);
		try (RawWsClient client = RawWsClient.upgrade(this.port, target, headers, 0)) {
			assertThat(client.status()).as(client.response()).isEqualTo(400);
			assertThat(client.refusalBody()).isEqualTo(reason);
		}
		assertThat(this.hubs.count()).as("hubs after a refused upgrade to " + target).isZero();
		assertThat(this.admission.refusals(WsRefusalReason.HANDSHAKE_REFUSED)).as("refusals counted")
			.isEqualTo(refused + 1);
	}

	private WsTestConnection connect(WsTestClient.ConnectionSpec connection) {
		WsTestConnection client = connection.connect();
		this.clients.add(client::close);
		return client;
	}

}
