package io.multiws.tests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.multiws.hub.WsHub;
import io.multiws.hub.WsHubs;
import io.multiws.hub.WsReplyException;
import io.multiws.hub.WsSession;
import io.multiws.test.WsTestClient;
import io.multiws.test.WsTestConnection;
import io.multiws.tests.app.HistoryEndpoints;
import io.multiws.tests.app.ReplyEndpoints.ReplyControl;
import io.multiws.tests.app.WireTestApplication;
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
 * Requests and replies, both ways, on endpoints with replies enabled: every request of
 * many sessions answered under its own id, error replies that keep the session, results of
 * every asynchronous kind, requests from the server to a client and to a user, the bound
 * on pending requests, and what a close does to them. The frames are written and read as
 * text, as the wire protocol has them. Each web stack runs it through a subclass.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.endpoints.replies.replies.enabled=true",
				"multi-ws.endpoints.replies-json.replies.enabled=true",
				"multi-ws.endpoints.replies-reactive.replies.enabled=true",
				"multi-ws.endpoints.replies-bounded.replies.enabled=true",
				"multi-ws.endpoints.replies-bounded.replies.max-pending=3" })
public abstract class AbstractRequestReplyWireTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Pattern REPLY = Pattern.compile("=(\\d+):(.*)", Pattern.DOTALL);

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	@Autowired
	protected ReplyControl control;

	private final List<WsTestConnection> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsTestConnection::close);
		CompletableFuture<String> pending;
		while ((pending = this.control.pending.poll()) != null) {
			pending.complete("cleaned up");
		}
		await("all hubs removed after the test").atMost(WAIT).until(() -> this.hubs.count() == 0);
	}

	// The client asks

	@Test
	void tenThousandRequestsFromAHundredSessionsGetEachItsOwnReply() throws Exception {
		int sessions = 100;
		int requests = 100;
		ExecutorService senders = Executors.newFixedThreadPool(8);
		try {
			List<Future<Map<Long, String>>> results = new ArrayList<>();
			for (int s = 0; s < sessions; s++) {
				WsTestConnection client = connect("/replies/" + (s % 10));
				String session = "s" + s;
				results.add(senders.submit(() -> {
					for (int i = 1; i <= requests; i++) {
						// Odd ids are answered later on other threads, so that replies overtake each other
						client.sendText("?" + i + ":" + ((i % 2 == 1) ? "async:" : "") + session + "-" + i);
					}
					Map<Long, String> replies = new HashMap<>();
					for (String frame : client.awaitTexts(requests)) {
						Matcher reply = REPLY.matcher(frame);
						assertThat(reply.matches()).as("a reply on %s: %s", session, frame).isTrue();
						String previous = replies.put(Long.parseLong(reply.group(1)), reply.group(2));
						assertThat(previous).as("a second reply to request %s on %s", reply.group(1), session).isNull();
					}
					return replies;
				}));
			}
			for (int s = 0; s < sessions; s++) {
				Map<Long, String> replies = results.get(s).get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
				assertThat(replies).as("replies of session s%d", s).hasSize(requests);
				for (long i = 1; i <= requests; i++) {
					String asked = ((i % 2 == 1) ? "async:" : "") + "s" + s + "-" + i;
					assertThat(replies.get(i)).as("reply %d of session s%d", i, s).isEqualTo("re:" + asked);
				}
			}
			for (WsTestConnection client : this.clients) {
				client.expectNoMessage(Duration.ofMillis(20));
			}
		}
		finally {
			senders.shutdownNow();
		}
	}

	@Test
	void aThrowingCallbackAnswersWithAnErrorReplyAndTheSessionStays() {
		WsTestConnection client = connect("/replies/errors");
		client.sendText("?1:boom");
		assertThat(client.awaitText()).as("no detail of the exception").isEqualTo("!1:" + WsReplyException.INTERNAL_ERROR);
		client.sendText("?2:refuse");
		assertThat(client.awaitText()).as("the reason of a WsReplyException").isEqualTo("!2:refused: not today");
		client.sendText("?3:fail-later");
		assertThat(client.awaitText()).as("a failed CompletionStage").isEqualTo("!3:failed later");
		client.sendText("?4:still here");
		assertThat(client.awaitText()).isEqualTo("=4:re:still here");
		assertThat(client.isClosed()).isFalse();
		client.sendText("boom");
		assertThat(client.awaitText()).as("@OnError, for a message that is not a request")
			.isEqualTo("on-error: a detail the client must not see");
	}

	@Test
	void aCallbackWithoutAResultAcknowledgesTheRequest() {
		WsTestConnection client = connect("/replies/ack");
		client.sendText("?7:ack");
		assertThat(client.awaitText()).isEqualTo("=7:");
	}

	@Test
	void aTextFrameOutsideTheEnvelopeIsAMessageWhoseResultIsSentAsIs() {
		WsTestConnection client = connect("/replies/plain");
		client.sendText("hello").sendText("?x:not an id").sendText("?1234567890123456:too long an id");
		assertThat(client.awaitTexts(3)).containsExactly("re:hello", "re:?x:not an id",
				"re:?1234567890123456:too long an id");
	}

	@Test
	void anEndpointWithoutRepliesTakesTheEnvelopeAsAMessage() {
		WsTestConnection client = connect("/echo/no-replies");
		client.sendText("?1:hello").sendText("=2:x");
		assertThat(client.awaitTexts(2)).containsExactly("?1:hello", "=2:x");
	}

	@Test
	void jsonRequestsGetJsonRepliesAndInvalidJsonAnErrorReply() {
		WsTestConnection client = connect("/replies-json/1");
		client.sendText("?1:{\"a\":2,\"b\":3}");
		assertThat(client.awaitText()).isEqualTo("=1:{\"sum\":5}");
		client.sendText("?2:not json");
		assertThat(client.awaitText()).isEqualTo("!2:Invalid JSON for ReplyEndpoints.Terms");
		client.sendText("?3:{\"a\":1,\"b\":1}");
		assertThat(client.awaitText()).isEqualTo("=3:{\"sum\":2}");
	}

	@Test
	void reactiveResultsAnswerWithTheirFirstElement() {
		WsTestConnection client = connect("/replies-reactive/1");
		client.sendText("?1:one");
		assertThat(client.awaitText()).isEqualTo("=1:mono:one");
		client.sendText("?2:empty");
		assertThat(client.awaitText()).isEqualTo("=2:");
		client.sendText("?3:error");
		assertThat(client.awaitText()).isEqualTo("!3:mono failed");
		client.sendText("?4:flux");
		assertThat(client.awaitText()).isEqualTo("=4:first");
		client.expectNoMessage(Duration.ofMillis(200));
	}

	@Test
	void theClientsRequestsInProgressAreBounded() throws Exception {
		WsTestConnection client = connect("/replies-bounded/1");
		client.sendText("?1:a").sendText("?2:b").sendText("?3:c").sendText("?4:d");
		assertThat(client.awaitText()).as("the fourth request past max-pending=3")
			.isEqualTo("!4:Too many requests in progress (multi-ws.endpoints.replies-bounded.replies.max-pending=3)");
		pending().complete("one");
		assertThat(client.awaitText()).isEqualTo("=1:one");
		client.sendText("?5:e");
		for (int i = 0; i < 3; i++) {
			pending().complete("done");
		}
		assertThat(client.awaitTexts(3)).containsExactlyInAnyOrder("=2:done", "=3:done", "=5:done");
	}

	// The server asks

	@Test
	void theServerAsksAClientAndGetsItsReplyOrErrorReply() throws Exception {
		WsTestConnection client = connect("/replies/asked");
		WsSession session = onlySession("/replies/asked");
		CompletionStage<String> first = session.request("what time is it?", WAIT);
		CompletionStage<String> second = session.request(new Question("json?"), WAIT);
		assertThat(client.awaitTexts(2)).containsExactly("?1:what time is it?", "?2:{\"question\":\"json?\"}");
		client.sendText("!2:no idea");
		client.sendText("=1:noon");
		assertThat(first.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("noon");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> second.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(WsReplyException.class)
			.withMessage("no idea");
		client.sendText("=1:a second reply is ignored").sendText("=99:a reply to nothing is ignored");
		client.sendText("?1:after");
		assertThat(client.awaitText()).as("the session goes on").isEqualTo("=1:re:after");
	}

	@Test
	void aRequestWithoutReplyTimesOut() {
		WsTestConnection client = connect("/replies/silent");
		WsSession session = onlySession("/replies/silent");
		long start = System.nanoTime();
		CompletableFuture<String> reply = session.request("hello?", Duration.ofMillis(300)).toCompletableFuture();
		assertThat(client.awaitText()).isEqualTo("?1:hello?");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> reply.get(WAIT.toSeconds(), TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(TimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		client.sendText("=1:too late");
		client.sendText("?2:still open");
		assertThat(client.awaitText()).isEqualTo("=2:re:still open");
	}

	@Test
	void aSessionClosedWithRequestsPendingFailsThemAtOnce() {
		WsTestConnection client = connect("/replies/closing");
		WsSession session = onlySession("/replies/closing");
		Duration longTimeout = Duration.ofMinutes(10);
		List<CompletableFuture<String>> replies = List.of(session.request("a", longTimeout).toCompletableFuture(),
				session.request("b", longTimeout).toCompletableFuture(),
				session.request("c", longTimeout).toCompletableFuture());
		client.awaitTexts(3);
		client.abort();
		await("every pending request failed when its session closed, long before its timeout").atMost(WAIT)
			.until(() -> replies.stream().allMatch(CompletableFuture::isCompletedExceptionally));
		for (CompletableFuture<String> reply : replies) {
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(reply::get)
				.havingCause()
				.isInstanceOf(IllegalStateException.class)
				.withMessageContaining("closed");
		}
		assertThat(session.request("after", longTimeout).toCompletableFuture()).isCompletedExceptionally();
	}

	@Test
	void theServersRequestsPendingOnASessionAreBounded() {
		connect("/replies-bounded/asked");
		WsSession session = onlySession("/replies-bounded/asked");
		for (int i = 0; i < 3; i++) {
			assertThat(session.request("q" + i, WAIT).toCompletableFuture()).isNotDone();
		}
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> reply(session.request("one too many", WAIT)))
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("max-pending=3");
	}

	@Test
	void anEndpointWithoutRepliesCannotSendRequests() {
		connect("/echo/asked");
		WsSession session = onlySession("/echo/asked");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> reply(session.request("hello?", WAIT)))
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("multi-ws.endpoints.echo.replies.enabled=true");
	}

	@Test
	void aRequestToAUserIsAnsweredByTheFirstOfItsSessions() throws Exception {
		Map<String, String> asDora = Map.of(HistoryEndpoints.USER_HEADER, "dora");
		WsTestConnection first = connect("/replies/dora-1", asDora);
		WsTestConnection second = connect("/replies/dora-2", asDora);
		WsTestConnection elsewhere = connect("/echo/dora", asDora);
		await("dora's sessions joined").atMost(WAIT)
			.until(() -> this.hubs.find("/replies/dora-1").isPresent() && this.hubs.find("/replies/dora-2").isPresent()
					&& this.hubs.find("/echo/dora").isPresent());
		CompletableFuture<String> reply = this.hubs.requestUser("dora", "coffee?", WAIT).toCompletableFuture();
		assertThat(first.awaitText()).isEqualTo("?1:coffee?");
		assertThat(second.awaitText()).isEqualTo("?1:coffee?");
		elsewhere.expectNoMessage(Duration.ofMillis(200));
		second.sendText("=1:yes please");
		assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("yes please");
		first.sendText("=1:no thanks");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> reply(this.hubs.requestUser("nobody", "hello?", WAIT)))
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("'nobody' has no session");
	}

	private static String reply(CompletionStage<String> reply) throws Exception {
		return reply.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
	}

	private CompletableFuture<String> pending() throws InterruptedException {
		CompletableFuture<String> pending = this.control.pending.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(pending).as("a pending result").isNotNull();
		return pending;
	}

	private WsSession onlySession(String path) {
		await("hub " + path).atMost(WAIT).until(() -> this.hubs.find(path).map(WsHub::size).orElse(0) == 1);
		return this.hubs.find(path).orElseThrow().sessions().iterator().next();
	}

	protected WsTestConnection connect(String path) {
		return connect(path, Map.of());
	}

	protected WsTestConnection connect(String path, Map<String, String> headers) {
		WsTestClient.ConnectionSpec connection = WsTestClient.forPort(this.port).path(path);
		headers.forEach(connection::header);
		WsTestConnection client = connection.connect();
		this.clients.add(client);
		return client;
	}

	/**
	 * A question sent as JSON.
	 *
	 * @param question the question
	 */
	public record Question(String question) {

	}

}
