package io.multiws.benchmarks.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * {@code requests}: the cost of request-reply against plain echo on the same multi-ws
 * server. E connections to {@code /echo/{id}} and E to {@code /echo-requests/{id}} (the
 * same echo with replies enabled), each set in a closed loop of B-byte round trips in
 * turn: after a warm-up of both, R pairs of measured windows of T seconds, echo and
 * requests alternating which goes first, so that a loaded machine weighs on both alike.
 * A request is {@code ?<n>:<payload>} and its reply must be {@code =<n>:<payload>}; an
 * echo must come back unchanged. Reports the server CPU per round trip of each, and the
 * ratio requests / echo of each pair as min, median and max. Baselines have no replies:
 * the scenario skips them.
 *
 * @author multi-ws team
 */
final class RequestsScenario implements Scenario {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final int connections;

	private final int bytes;

	private final Duration warmUp;

	private final Duration window;

	private final int pairs;

	RequestsScenario(int connections, int bytes, Duration warmUp, Duration window, int pairs) {
		this.connections = connections;
		this.bytes = bytes;
		this.warmUp = warmUp;
		this.window = window;
		this.pairs = pairs;
	}

	@Override
	public String name() {
		return "requests";
	}

	@Override
	public String description() {
		return this.connections + " connections each to /echo and /echo-requests, closed loops of " + this.bytes
				+ "-byte text in turn, " + this.pairs + " pairs of " + this.window.toMillis()
				+ " ms windows (order alternating) after " + this.warmUp.toMillis() + " ms warm-up of each";
	}

	@Override
	public Result run(ServerProcess server, WsClient client) throws Exception {
		Result result = new Result();
		if (server.name().startsWith("baseline")) {
			return result;
		}
		Loop echo = open(server, client, "/echo/", false, result);
		Loop requests = open(server, client, "/echo-requests/", true, result);
		echo.run(this.warmUp);
		requests.run(this.warmUp);
		double[] echoCpu = new double[this.pairs];
		double[] requestCpu = new double[this.pairs];
		double[] ratios = new double[this.pairs];
		for (int pair = 0; pair < this.pairs; pair++) {
			boolean echoFirst = pair % 2 == 0;
			double first = (echoFirst ? echo : requests).measure(server, this.window);
			double second = (echoFirst ? requests : echo).measure(server, this.window);
			echoCpu[pair] = echoFirst ? first : second;
			requestCpu[pair] = echoFirst ? second : first;
			ratios[pair] = requestCpu[pair] / echoCpu[pair];
		}
		Arrays.sort(ratios);
		result.put("echo server CPU µs/round trip", Report.median(echoCpu));
		result.put("request server CPU µs/round trip", Report.median(requestCpu));
		result.put("request/echo CPU ratio (median of pairs)", Report.median(ratios));
		result.put("request/echo CPU ratio (min)", ratios[0]);
		result.put("request/echo CPU ratio (max)", ratios[ratios.length - 1]);
		result.put("echo round trips/s", echo.measured.get() / (this.window.toMillis() / 1000.0 * this.pairs));
		result.put("request round trips/s", requests.measured.get() / (this.window.toMillis() / 1000.0 * this.pairs));
		result.put("wrong replies", echo.wrong.get() + requests.wrong.get());
		result.expect("wrong replies", echo.wrong.get() + requests.wrong.get(), 0);
		if (echo.measured.get() == 0 || requests.measured.get() == 0) {
			result.problem("no round trip completed");
		}
		WsClient.closeAll(echo.connections, TIMEOUT);
		WsClient.closeAll(requests.connections, TIMEOUT);
		return result;
	}

	private Loop open(ServerProcess server, WsClient client, String prefix, boolean request, Result result)
			throws InterruptedException {
		Loop loop = new Loop(request);
		List<URI> uris = new ArrayList<>();
		for (int i = 0; i < this.connections; i++) {
			uris.add(server.ws(prefix + i));
		}
		WsClient.Opened opened = client.connectAll(uris, 64, loop, TIMEOUT);
		result.expect("failed handshakes on " + prefix, opened.failures(), 0);
		loop.connections = opened.connections();
		for (int i = 0; i < loop.connections.size(); i++) {
			loop.pingers.add(new Pinger(loop.connections.get(i), payload(i), loop));
		}
		return loop;
	}

	private byte[] payload(int connection) {
		byte[] payload = new byte[this.bytes];
		Arrays.fill(payload, (byte) 'x');
		byte[] id = ("echo-" + connection + ":").getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(id, 0, payload, 0, Math.min(id.length, payload.length));
		return payload;
	}

	/**
	 * The connections of one set, and their closed loop.
	 */
	private static final class Loop implements WsClient.Listener {

		private final boolean request;

		private final List<Pinger> pingers = new ArrayList<>();

		private final AtomicLong measured = new AtomicLong();

		private final AtomicLong inWindow = new AtomicLong();

		private final AtomicLong wrong = new AtomicLong();

		private List<WsClient.Connection> connections = List.of();

		private volatile boolean measuring;

		private volatile boolean stopped = true;

		Loop(boolean request) {
			this.request = request;
		}

		@Override
		public void onText(WsClient.Connection connection, ByteBuf text) {
			if (connection.attachment() instanceof Pinger pinger) {
				pinger.received(text);
			}
		}

		void run(Duration duration) throws InterruptedException {
			this.stopped = false;
			this.pingers.forEach(Pinger::send);
			Thread.sleep(duration.toMillis());
			stop();
		}

		/**
		 * Run a measured window.
		 * @return the server's CPU per round trip in the window, in microseconds
		 */
		double measure(ServerProcess server, Duration duration) throws InterruptedException {
			this.inWindow.set(0);
			this.stopped = false;
			this.pingers.forEach(Pinger::send);
			// Let every connection have a round trip in flight before the window opens
			Thread.sleep(100);
			this.measuring = true;
			Result.Window window = new Result.Window(server);
			Thread.sleep(duration.toMillis());
			this.measuring = false;
			window.end();
			stop();
			long trips = this.inWindow.get();
			this.measured.addAndGet(trips);
			return (trips > 0) ? window.serverCpuMillis() * 1000 / trips : Double.NaN;
		}

		private void stop() throws InterruptedException {
			this.stopped = true;
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (this.pingers.stream().anyMatch((pinger) -> pinger.waiting) && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
		}

	}

	private static final class Pinger {

		private final WsClient.Connection connection;

		private final byte[] payload;

		private final Loop loop;

		private long id;

		private volatile boolean waiting;

		Pinger(WsClient.Connection connection, byte[] payload, Loop loop) {
			this.connection = connection;
			this.payload = payload;
			this.loop = loop;
			connection.attach(this);
		}

		void send() {
			this.waiting = true;
			if (this.loop.request) {
				this.id++;
				this.connection.send(envelope('?'));
			}
			else {
				this.connection.send(this.payload);
			}
		}

		private byte[] envelope(char marker) {
			byte[] prefix = (marker + Long.toString(this.id) + ":").getBytes(StandardCharsets.US_ASCII);
			byte[] frame = Arrays.copyOf(prefix, prefix.length + this.payload.length);
			System.arraycopy(this.payload, 0, frame, prefix.length, this.payload.length);
			return frame;
		}

		void received(ByteBuf text) {
			byte[] expected = this.loop.request ? envelope('=') : this.payload;
			if (!ByteBufUtil.equals(text, Unpooled.wrappedBuffer(expected))) {
				this.loop.wrong.incrementAndGet();
			}
			if (this.loop.measuring) {
				this.loop.inWindow.incrementAndGet();
			}
			if (this.loop.stopped) {
				this.waiting = false;
			}
			else {
				send();
			}
		}

	}

}
