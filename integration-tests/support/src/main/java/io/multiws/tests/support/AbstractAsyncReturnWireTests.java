package io.multiws.tests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.multiws.hub.WsHubs;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.AsyncEndpoints.AsyncControl;
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
 * Callbacks that return {@code CompletionStage}, {@code Mono} and {@code Flux}: values
 * sent when they come, in order, without holding the callback's thread; errors to
 * {@code @OnError} or 1011; a {@code Flux} cancelled when its session closes. Each web
 * stack runs it through a subclass.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.banner-mode=off")
public abstract class AbstractAsyncReturnWireTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	@Autowired
	protected AsyncControl control;

	private final List<WsTestConnection> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsTestConnection::close);
		assertThat(this.hubs).as("all hubs removed after the test").hasHubCount(0);
	}

	@Test
	void completionStageIsSentWhenItCompletesWithoutHoldingTheCallbackThread() throws Exception {
		WsTestConnection client = connect("/async/stage/1");
		client.sendText("later").sendText("now");
		assertThat(client).as("the reply after the pending one").receivedText().isEqualTo("now");
		pending().complete("done");
		assertThat(client).receivedText().isEqualTo("done");
	}

	@Test
	void failedCompletionStageWithoutOnErrorClosesWith1011() {
		WsTestConnection client = connect("/async/stage/2");
		client.sendText("fail");
		assertThat(client).isClosedWith(1011);
	}

	@Test
	void monoFromOnOpenAndOnMessageIsSentWhenItCompletes() throws Exception {
		WsTestConnection client = connect("/async/mono/1");
		assertThat(client).receivedText().isEqualTo("welcome");
		client.sendText("later").sendText("empty").sendText("now");
		assertThat(client).as("an empty Mono sends nothing").receivedText().isEqualTo("now");
		pending().complete("done");
		assertThat(client).receivedText().isEqualTo("done");
	}

	@Test
	void failedMonoGoesToOnErrorAndTheSessionStays() {
		WsTestConnection client = connect("/async/mono/2");
		assertThat(client).receivedText().isEqualTo("welcome");
		client.sendText("fail");
		assertThat(client).receivedText().isEqualTo("error: mono failed");
		client.sendText("still here");
		assertThat(client).receivedText().isEqualTo("still here");
	}

	@Test
	void fluxSendsEveryElementInOrder() {
		WsTestConnection client = connect("/async/flux/1");
		client.sendText("500");
		assertThat(client).receivedTexts(500)
			.containsExactlyElementsOf(IntStream.rangeClosed(1, 500).mapToObj(String::valueOf).toList());
	}

	@Test
	void failedFluxWithoutOnErrorClosesWith1011AfterTheElementsBeforeTheError() {
		WsTestConnection client = connect("/async/flux/2");
		client.sendText("fail");
		assertThat(client).receivedTexts(2).containsExactly("a", "b");
		assertThat(client).isClosedWith(1011);
	}

	@Test
	void fluxFromOnOpenStreamsToTheSessionUntilItClosesAndIsThenCancelled() {
		int cancelledBefore = this.control.cancelledFeeds.get();
		WsTestConnection client = connect("/async/feed/1");
		assertThat(client).receivedTexts(3).containsExactly("tick 0", "tick 1", "tick 2");
		assertThat(this.control.cancelledFeeds).as("not cancelled while the session stays").hasValue(cancelledBefore);
		client.close();
		await("the feed cancelled when its session closed").atMost(WAIT)
			.untilAsserted(() -> assertThat(this.control.cancelledFeeds).hasValue(cancelledBefore + 1));
	}

	@Test
	void fluxFromOnOpenIsCancelledWhenTheClientDropsTheConnection() {
		int cancelledBefore = this.control.cancelledFeeds.get();
		WsTestConnection client = connect("/async/feed/2");
		assertThat(client).receivedText().isEqualTo("tick 0");
		client.abort();
		await("the feed cancelled when its connection dropped").atMost(WAIT)
			.untilAsserted(() -> assertThat(this.control.cancelledFeeds).hasValue(cancelledBefore + 1));
	}

	private CompletableFuture<String> pending() throws InterruptedException {
		CompletableFuture<String> pending = this.control.pending.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(pending).as("a pending result").isNotNull();
		return pending;
	}

	private WsTestConnection connect(String path) {
		WsTestConnection client = WsTestClient.forPort(this.port).connect(path);
		this.clients.add(client);
		return client;
	}

}
