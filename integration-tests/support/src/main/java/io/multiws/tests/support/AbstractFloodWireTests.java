package io.multiws.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.multiws.admission.WsAdmissionStatistics;
import io.multiws.admission.WsRefusalReason;
import io.multiws.hub.WsHubs;
import io.multiws.tests.app.AdmissionEndpoints;
import io.multiws.tests.app.WireTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reachability under a flood, with the server's connection limit lowered to
 * {@value #CONNECTION_LIMIT} so that it stays fast: the session cap trips before the
 * container's limit, so that every excess upgrade is answered at once and plain HTTP
 * still gets a connection; a slow handshake costs multi-ws nothing; and every path of an
 * upgrade gives its slot back. Clients here are on loopback, exempt from the per-client
 * limits by default.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "server.tomcat.max-connections=200",
				"server.jetty.max-connections=200", "server.tomcat.connection-timeout=1s",
				"server.jetty.connection-idle-timeout=1s", "server.netty.idle-timeout=1s",
				"spring.mvc.servlet.load-on-startup=1" })
public abstract class AbstractFloodWireTests {

	/**
	 * The server's connection limit in this suite.
	 */
	protected static final int CONNECTION_LIMIT = 200;

	private static final Duration ANSWER = Duration.ofSeconds(1);

	/**
	 * Longer than any answer on a loaded machine, far shorter than a hang: without the
	 * cap, a request past the server's limit waits until a connection is freed, and none
	 * is here.
	 */
	private static final Duration HANG = Duration.ofSeconds(3);

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	@Autowired
	protected WsAdmissionStatistics admission;

	private final List<RawWsClient> clients = new ArrayList<>();

	private final List<Duration> answers = new ArrayList<>();

	/**
	 * Warm up the paths the timed requests take, so that the second they are given is
	 * not spent on lazy initialisation.
	 * @throws IOException on I/O failure
	 */
	@BeforeEach
	void warmUp() throws IOException {
		assertThat(requestStatus("GET /rooms/warm-up HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nConnection: close\r\n\r\n")).isEqualTo(200);
		RawWsClient.upgrade(this.port, "/echo/warm-up", Map.of(), 0).close();
		await().atMost(WAIT).until(() -> this.admission.sessions() == 0);
	}

	@AfterEach
	void closeClients() throws IOException {
		for (RawWsClient client : this.clients) {
			client.close();
		}
		await("every slot given back").atMost(WAIT).until(() -> this.admission.sessions() == 0);
		await("every hub removed").atMost(WAIT).until(() -> this.hubs.count() == 0);
	}

	@Test
	void theCapIsTheConnectionLimitLessAReserveForHttp() {
		assertThat(this.admission.maxSessions()).isEqualTo(CONNECTION_LIMIT - CONNECTION_LIMIT / 10);
	}

	@Test
	void everyExcessUpgradeIsAnsweredAndHttpAndOpenSessionsKeepWorking() throws Exception {
		int cap = this.admission.maxSessions();
		long refusedBefore = this.admission.refusals(WsRefusalReason.MAX_SESSIONS);
		int attempts = CONNECTION_LIMIT + CONNECTION_LIMIT / 10;
		List<RawWsClient> open = new ArrayList<>();
		int refused = 0;
		for (int i = 0; i < attempts; i++) {
			long start = System.nanoTime();
			RawWsClient client = RawWsClient.upgrade(this.port, "/echo/flood-" + (i % 10), Map.of(), 0);
			this.clients.add(client);
			answered("upgrade " + i, start);
			if (client.status() == 101) {
				open.add(client);
			}
			else {
				assertThat(client.status()).as(client.response()).isEqualTo(503);
				assertThat(client.readToEnd(1000)).as("the refused connection is closed, freeing it")
					.contains("Too many WebSocket sessions (multi-ws.limits.max-sessions=" + cap + ")");
				refused++;
			}
			if (i % 20 == 0 || i >= cap) {
				assertHttpAnswersWithinASecond();
			}
		}
		assertThat(open).hasSize(cap);
		assertThat(refused).isEqualTo(attempts - cap);
		assertThat(this.admission.refusals(WsRefusalReason.MAX_SESSIONS) - refusedBefore).isEqualTo(refused);
		for (int i = 0; i < open.size(); i++) {
			RawWsClient client = open.get(i);
			client.sendText("still here " + i);
			assertThat(client.readText()).isEqualTo("still here " + i);
		}
		assertHttpAnswersWithinASecond();
		assertAnsweredWithinASecond();
	}

	@Test
	void loopbackClientsAreExemptFromThePerClientLimitsButNotFromTheInboundRate() throws Exception {
		RawWsClient client = RawWsClient.upgrade(this.port, "/echo/loopback", Map.of(), 0);
		this.clients.add(client);
		assertThat(this.admission.trackedClients()).as("not counted as a client").isZero();
		try {
			for (int i = 0; i < 300; i++) {
				client.sendText("m" + i);
			}
		}
		catch (IOException ex) {
			// Closed already
		}
		assertThat(client.readCloseCode()).as("closed past the default 100 messages a second").isEqualTo(1008);
		assertThat(client.closeReason()).isEqualTo("Inbound message rate exceeded: max 100 per second");
	}

	/**
	 * A handshake that stalls before its end costs nothing for as long as it stalls (sampled
	 * from its last byte until the server's timeout closes it, so after the server has read
	 * all of it), while the same request, once complete, does take its slot: the probe sees
	 * an allocation when there is one.
	 */
	@Test
	void aSlowHandshakeAllocatesNothingUntilItIsCompleteAndTheServerClosesAStalledOne() throws Exception {
		int sessions = this.admission.sessions();
		int clients = this.admission.trackedClients();
		String head = "GET /echo/slow HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
				+ "Sec-WebSocket-Key: " + RawWsClient.newKey() + "\r\n";
		try (Socket stalled = dribble(head)) {
			stalled.setSoTimeout(10);
			await("the server's timeout closes the stalled handshake, which meanwhile holds nothing").atMost(WAIT)
				.pollInterval(Duration.ofMillis(10))
				.until(() -> {
					assertThat(this.admission.sessions()).as("sessions during the stall").isEqualTo(sessions);
					assertThat(this.admission.trackedClients()).as("clients during the stall").isEqualTo(clients);
					assertThat(this.hubs.find("/echo/slow")).as("hub during the stall").isEmpty();
					return isClosed(stalled.getInputStream());
				});
		}
		try (Socket completed = dribble(head)) {
			assertThat(this.admission.sessions()).as("sessions before the last line").isEqualTo(sessions);
			completed.getOutputStream().write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
			completed.setSoTimeout((int) WAIT.toMillis());
			String status = new String(completed.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
			assertThat(status).as("the completed handshake").endsWith("101");
			await("the completed handshake's slot").atMost(WAIT)
				.until(() -> this.admission.sessions() == sessions + 1);
		}
		await("the slot given back").atMost(WAIT).until(() -> this.admission.sessions() == sessions);
		assertThat(this.admission.trackedClients()).isEqualTo(clients);
		assertHttpAnswersWithinASecond();
		assertAnsweredWithinASecond();
	}

	/**
	 * Open a connection and send the given bytes one at a time.
	 */
	private Socket dribble(String head) throws IOException {
		Socket socket = new Socket();
		socket.setTcpNoDelay(true);
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
		OutputStream out = socket.getOutputStream();
		for (byte b : head.getBytes(StandardCharsets.ISO_8859_1)) {
			out.write(b);
			out.flush();
		}
		return socket;
	}

	@Test
	void everyPathOfAnUpgradeGivesItsSlotBack() throws Exception {
		long failed = this.admission.refusals(WsRefusalReason.HANDSHAKE_FAILED);
		long refused = this.admission.refusals(WsRefusalReason.HANDSHAKE_REFUSED);
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<List<RawWsClient>>> workers = new ArrayList<>();
			for (int t = 0; t < 6; t++) {
				int worker = t;
				workers.add(pool.submit(() -> upgradesEndingEveryWay(worker, 25)));
			}
			for (Future<List<RawWsClient>> worker : workers) {
				this.clients.addAll(worker.get(60, TimeUnit.SECONDS));
			}
		}
		finally {
			pool.shutdownNow();
		}
		await().atMost(WAIT).until(() -> this.admission.sessions() == this.clients.size());
		for (RawWsClient client : this.clients) {
			client.close();
		}
		await("no slot leaked").atMost(WAIT).until(() -> this.admission.sessions() == 0);
		assertThat(this.admission.trackedClients()).isZero();
		assertThat(this.admission.refusals(WsRefusalReason.HANDSHAKE_FAILED) - failed).isEqualTo(30);
		assertThat(this.admission.refusals(WsRefusalReason.HANDSHAKE_REFUSED) - refused).isEqualTo(30);
	}

	@Test
	void refusalsAreCountedByReason() throws Exception {
		long origin = this.admission.refusals(WsRefusalReason.ORIGIN);
		long path = this.admission.refusals(WsRefusalReason.INVALID_PATH);
		assertThat(RawWsClient.status(this.port, "/rooms/a", Map.of("Origin", "https://evil.example"))).isEqualTo(403);
		assertThat(RawWsClient.status(this.port, "/echo/" + "a".repeat(300), Map.of())).isEqualTo(414);
		assertThat(this.admission.refusals(WsRefusalReason.ORIGIN) - origin).isEqualTo(1);
		assertThat(this.admission.refusals(WsRefusalReason.INVALID_PATH) - path).isEqualTo(1);
	}

	@Test
	void aClientThatLeavesDuringItsHandshakeGivesItsSlotBack() throws Exception {
		AdmissionEndpoints.entered = new CountDownLatch(1);
		AdmissionEndpoints.release = new CountDownLatch(1);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.getOutputStream()
				.write(("GET /halting/gone HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
						+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
						+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
					.getBytes(StandardCharsets.ISO_8859_1));
			assertThat(AdmissionEndpoints.entered.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(this.admission.sessions()).as("the slot is taken before the handshake").isEqualTo(1);
			socket.setSoLinger(true, 0);
		}
		AdmissionEndpoints.release.countDown();
		await("the slot of the vanished client given back").atMost(WAIT)
			.until(() -> this.admission.sessions() == 0);
		assertThat(this.hubs.count()).isZero();
	}

	private List<RawWsClient> upgradesEndingEveryWay(int worker, int count) throws IOException {
		List<RawWsClient> kept = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String path = "/echo/race-" + worker;
			switch (i % 5) {
				case 0 -> RawWsClient.upgrade(this.port, path, Map.of(), 0).close();
				case 1 -> RawWsClient.upgrade(this.port, path, Map.of(), 0).reset();
				case 2 -> assertThat(requestStatus(upgradeWithoutKey(path))).isEqualTo(400);
				case 3 -> assertThat(RawWsClient.status(this.port, "/guarded/race?token=banned", Map.of()))
					.isEqualTo(403);
				default -> kept.add(RawWsClient.upgrade(this.port, path, Map.of(), 0));
			}
		}
		return kept;
	}

	private String upgradeWithoutKey(String path) {
		return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
				+ "Connection: close\r\n\r\n";
	}

	private void assertHttpAnswersWithinASecond() throws IOException {
		long start = System.nanoTime();
		int status = requestStatus("GET /rooms/health HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nConnection: close\r\n\r\n");
		assertThat(status).isEqualTo(200);
		answered("plain HTTP", start);
	}

	private void answered(String what, long startNanos) {
		Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
		assertThat(took).as("%s answered, not left waiting for a connection", what).isLessThan(HANG);
		this.answers.add(took);
	}

	/**
	 * Every answer within a second, but for one in fifty that the load of a shared
	 * machine (other builds, a collection) may delay, never past {@link #HANG}.
	 */
	private void assertAnsweredWithinASecond() {
		long late = this.answers.stream().filter((took) -> took.compareTo(ANSWER) >= 0).count();
		Duration slowest = this.answers.stream().max(Duration::compareTo).orElse(Duration.ZERO);
		assertThat(late).as("answers of %s or more out of %d (slowest %s)", ANSWER, this.answers.size(), slowest)
			.isLessThanOrEqualTo(this.answers.size() / 50);
	}

	private int requestStatus(String request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.setSoTimeout((int) WAIT.toMillis());
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), (int) WAIT.toMillis());
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			byte[] statusLine = socket.getInputStream().readNBytes(12);
			return Integer.parseInt(new String(statusLine, StandardCharsets.ISO_8859_1).substring(9, 12));
		}
	}

	private static boolean isClosed(InputStream in) throws IOException {
		try {
			return in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true;
		}
	}

}
