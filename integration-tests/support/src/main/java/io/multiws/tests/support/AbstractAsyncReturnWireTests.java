package io.multiws.tests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.multiws.hub.WsHubs;
import io.multiws.tests.app.AsyncEndpoints.AsyncControl;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

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

	private final List<TestWsClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(TestWsClient::close);
		await("all hubs removed after the test").atMost(WAIT).until(() -> this.hubs.count() == 0);
	}

	@Test
	void completionStageIsSentWhenItCompletesWithoutHoldingTheCallbackThread() throws Exception {
		TestWsClient client = connect("/async/stage/1");
		client.send("later").send("now");
		assertThat(client.awaitText()).as("the reply after the pending one").isEqualTo("now");
		pending().complete("done");
		assertThat(client.awaitText()).isEqualTo("done");
	}

	@Test
	void failedCompletionStageWithoutOnErrorClosesWith1011() {
		TestWsClient client = connect("/async/stage/2");
		client.send("fail");
		assertThat(client.awaitCloseCode()).isEqualTo(1011);
	}

	@Test
	void monoFromOnOpenAndOnMessageIsSentWhenItCompletes() throws Exception {
		TestWsClient client = connect("/async/mono/1");
		assertThat(client.awaitText()).isEqualTo("welcome");
		client.send("later").send("empty").send("now");
		assertThat(client.awaitText()).as("an empty Mono sends nothing").isEqualTo("now");
		pending().complete("done");
		assertThat(client.awaitText()).isEqualTo("done");
	}

	@Test
	void failedMonoGoesToOnErrorAndTheSessionStays() {
		TestWsClient client = connect("/async/mono/2");
		assertThat(client.awaitText()).isEqualTo("welcome");
		client.send("fail");
		assertThat(client.awaitText()).isEqualTo("error: mono failed");
		client.send("still here");
		assertThat(client.awaitText()).isEqualTo("still here");
	}

	@Test
	void fluxSendsEveryElementInOrder() {
		TestWsClient client = connect("/async/flux/1");
		client.send("500");
		assertThat(client.awaitTexts(500))
			.containsExactlyElementsOf(IntStream.rangeClosed(1, 500).mapToObj(String::valueOf).toList());
	}

	@Test
	void failedFluxWithoutOnErrorClosesWith1011AfterTheElementsBeforeTheError() {
		TestWsClient client = connect("/async/flux/2");
		client.send("fail");
		assertThat(client.awaitTexts(2)).containsExactly("a", "b");
		assertThat(client.awaitCloseCode()).isEqualTo(1011);
	}

	@Test
	void fluxFromOnOpenStreamsToTheSessionUntilItClosesAndIsThenCancelled() {
		int cancelledBefore = this.control.cancelledFeeds.get();
		TestWsClient client = connect("/async/feed/1");
		assertThat(client.awaitTexts(3)).containsExactly("tick 0", "tick 1", "tick 2");
		assertThat(this.control.cancelledFeeds).as("not cancelled while the session stays").hasValue(cancelledBefore);
		client.close();
		await("the feed cancelled when its session closed").atMost(WAIT)
			.untilAsserted(() -> assertThat(this.control.cancelledFeeds).hasValue(cancelledBefore + 1));
	}

	@Test
	void fluxFromOnOpenIsCancelledWhenTheClientDropsTheConnection() {
		int cancelledBefore = this.control.cancelledFeeds.get();
		TestWsClient client = connect("/async/feed/2");
		assertThat(client.awaitText()).isEqualTo("tick 0");
		client.abort();
		await("the feed cancelled when its connection dropped").atMost(WAIT)
			.untilAsserted(() -> assertThat(this.control.cancelledFeeds).hasValue(cancelledBefore + 1));
	}

	private CompletableFuture<String> pending() throws InterruptedException {
		CompletableFuture<String> pending = this.control.pending.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(pending).as("a pending result").isNotNull();
		return pending;
	}

	private TestWsClient connect(String path) {
		TestWsClient client = TestWsClient.connect("ws://127.0.0.1:" + this.port + path);
		this.clients.add(client);
		return client;
	}

}
