package io.multiws.tests.support;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.multiws.javaclient.WsClient;
import io.multiws.javaclient.WsClientListener;
import io.multiws.javaclient.WsHandshakeRefusedException;
import io.multiws.javaclient.WsRequestException;
import io.multiws.tests.app.ClientEndpoints;
import io.multiws.tests.app.WireTestApplication;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Java client {@link WsClient} against the wire test application's {@code client}
 * endpoint (ids, a history of 5, replies): a dropped connection resumes with each missed
 * message once, a resume from too far back gets the gap, requests get their replies,
 * error replies and timeouts, the server's requests are answered, pending requests fail
 * at once on a close, the stop codes stop it, and attempts that the server keeps
 * refusing come further and further apart. Each web stack runs it through a subclass.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.endpoints.client.history.size=5",
				"multi-ws.endpoints.client.history.message-ids=true", "multi-ws.endpoints.client.replies.enabled=true" })
public abstract class AbstractJavaClientWireTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	protected int port;

	@Autowired
	private ClientEndpoints.Client endpoint;

	private final List<WsClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsClient::close);
	}

	@Test
	void aDroppedConnectionResumesWithEachMissedMessageOnce() {
		Recorder dropped = new Recorder();
		WsClient client = connect("/client/resume", dropped, (builder) -> builder);
		Recorder other = new Recorder();
		WsClient sender = connect("/client/resume", other, (builder) -> builder);
		sender.send("first");
		await("the first message").atMost(WAIT).until(() -> dropped.messages.equals(List.of("first")));
		client.send("close:1012");
		await("the close, with a reconnect to come").atMost(WAIT).until(() -> dropped.reconnects.get() == 1);
		for (int i = 1; i <= 3; i++) {
			sender.send("missed " + i);
		}
		await("the reconnect").atMost(WAIT).until(() -> dropped.opens.get() == 2);
		sender.send("last");
		await("the last message").atMost(WAIT).until(() -> dropped.messages.contains("last"));
		assertThat(dropped.messages).containsExactly("first", "missed 1", "missed 2", "missed 3", "last");
		assertThat(dropped.gaps).isEmpty();
		assertThat(client.lastId()).isEqualTo(dropped.ids.get(dropped.ids.size() - 1));
	}

	@Test
	void aResumeFromTooFarBackGetsTheGapAndTheKeptMessages() {
		Recorder first = new Recorder();
		WsClient early = connect("/client/gap", first, (builder) -> builder);
		Recorder watcher = new Recorder();
		WsClient sender = connect("/client/gap", watcher, (builder) -> builder);
		sender.send("first");
		await("the first message").atMost(WAIT).until(() -> first.messages.size() == 1);
		String lastId = early.lastId();
		early.close();
		for (int i = 1; i <= 8; i++) {
			sender.send("n" + i);
		}
		await("eight more messages").atMost(WAIT).until(() -> watcher.messages.size() == 9);
		Recorder late = new Recorder();
		connect("/client/gap", late, (builder) -> builder.lastId(lastId));
		await("the gap and the kept messages").atMost(WAIT)
			.until(() -> late.gaps.size() == 1 && late.messages.size() == 5);
		assertThat(late.messages).containsExactly("n4", "n5", "n6", "n7", "n8");
		assertThat(late.gaps).containsExactly(late.ids.get(0));
	}

	@Test
	void requestsGetTheirRepliesErrorsAndTimeouts() throws Exception {
		Recorder recorder = new Recorder();
		WsClient client = connect("/client/requests", recorder, (builder) -> builder);
		assertThat(client.request("hello").get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEmpty();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.request("refuse").get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(WsRequestException.class, (ex) -> assertThat(ex.isErrorReply()).isTrue())
			.withMessage("refused");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.request("silent", Duration.ofMillis(300)).get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.withCauseInstanceOf(TimeoutException.class);
		assertThat(client.isConnected()).isTrue();
		assertThat(client.request("again").get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEmpty();
	}

	@Test
	void theServersRequestsAreAnswered() throws Exception {
		Recorder recorder = new Recorder();
		WsClient client = connect("/client/asked", recorder,
				(builder) -> builder.onRequest((question) -> CompletableFuture.completedFuture("alice says " + question)));
		assertThat(client.request("ask:hi").get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("answer:alice says hi");
	}

	@Test
	void pendingRequestsFailAtOnceWhenTheConnectionCloses() {
		Recorder recorder = new Recorder();
		WsClient client = connect("/client/pending", recorder, (builder) -> builder);
		CompletableFuture<String> silent = client.request("silent", Duration.ofMinutes(5));
		client.send("close:1012");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> silent.get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(WsRequestException.class, (ex) -> assertThat(ex.isErrorReply()).isFalse())
			.withMessageContaining("1012");
	}

	@Test
	void anApplicationCloseCodeStopsIt() {
		Recorder recorder = new Recorder();
		WsClient client = connect("/client/stop", recorder, (builder) -> builder);
		client.send("close:4001");
		await("the close").atMost(WAIT).until(() -> recorder.stops.get() == 1);
		assertThat(recorder.reconnects).hasValue(0);
		assertThat(client.isConnected()).isFalse();
	}

	@Test
	void attemptsThatTheServerKeepsRefusingComeFurtherAndFurtherApart() {
		String key = UUID.randomUUID().toString();
		Recorder recorder = new Recorder();
		WsClient client = WsClient.builder(URI.create("ws://127.0.0.1:" + this.port + "/client/busy?busy=" + key))
			.backOff(Duration.ofMillis(100), Duration.ofMillis(800))
			.listener(recorder)
			.connect();
		this.clients.add(client);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.opened().get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(WsHandshakeRefusedException.class, (ex) -> assertThat(ex.getStatus()).isEqualTo(503))
			.withMessageEndingWith("refused with 503: Busy, as the test asked");
		await("six refused attempts").atMost(WAIT).until(() -> this.endpoint.busyRefusals(key).size() >= 6);
		client.close();
		List<Long> attempts = this.endpoint.busyRefusals(key).subList(0, 6);
		for (int i = 0; i + 1 < attempts.size(); i++) {
			// The i-th delay is 50-100 % of min(100 ms << i, 800 ms): at least its floor
			long floor = Duration.ofMillis(Math.min(100 << i, 800) / 2).toNanos();
			assertThat(attempts.get(i + 1) - attempts.get(i)).as("the time from attempt %d to the next, in ns", i)
				.isGreaterThanOrEqualTo(floor);
		}
		// An attempt in flight when the client closed ends with a stop
		assertThat(recorder.closes.subList(0, 5)).containsOnly("1006 Handshake refused (503), reconnect");
		assertThat(recorder.opens).hasValue(0);
	}

	private WsClient connect(String path, Recorder recorder, Customizer customizer) {
		WsClient.Builder builder = WsClient.builder(URI.create("ws://127.0.0.1:" + this.port + path))
			.messageIds(true)
			.replies(true)
			.backOff(Duration.ofMillis(300), Duration.ofSeconds(1))
			.listener(recorder);
		WsClient client = customizer.customize(builder).connect();
		this.clients.add(client);
		await("connected to " + path).atMost(WAIT).until(() -> recorder.opens.get() > 0);
		return client;
	}

	@FunctionalInterface
	private interface Customizer {

		WsClient.Builder customize(WsClient.Builder builder);

	}

	private static final class Recorder implements WsClientListener {

		private final List<String> messages = new CopyOnWriteArrayList<>();

		private final List<String> ids = new CopyOnWriteArrayList<>();

		private final List<String> gaps = new CopyOnWriteArrayList<>();

		private final List<String> closes = new CopyOnWriteArrayList<>();

		private final AtomicInteger opens = new AtomicInteger();

		private final AtomicInteger reconnects = new AtomicInteger();

		private final AtomicInteger stops = new AtomicInteger();

		@Override
		public void onOpen() {
			this.opens.incrementAndGet();
		}

		@Override
		public void onMessage(String text, @Nullable String id) {
			this.messages.add(text);
			if (id != null) {
				this.ids.add(id);
			}
		}

		@Override
		public void onGap(String oldestId) {
			this.gaps.add(oldestId);
		}

		@Override
		public void onClose(int code, String reason, boolean reconnect) {
			this.closes.add(code + " " + reason + (reconnect ? ", reconnect" : ", stop"));
			(reconnect ? this.reconnects : this.stops).incrementAndGet();
		}

	}

}
