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
 * {@code echo}: E connections to {@code /echo/{id}}, each in a closed loop of B-byte
 * round trips for T seconds after a warm-up; round trips per second, p50 and p99, every
 * reply compared with what was sent.
 *
 * @author multi-ws team
 */
final class EchoScenario implements Scenario {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final int connections;

	private final int bytes;

	private final Duration warmUp;

	private final Duration duration;

	EchoScenario(int connections, int bytes, Duration warmUp, Duration duration) {
		this.connections = connections;
		this.bytes = bytes;
		this.warmUp = warmUp;
		this.duration = duration;
	}

	@Override
	public String name() {
		return "echo";
	}

	@Override
	public String description() {
		return this.connections + " connections, closed loop, " + this.bytes + "-byte text, " + this.duration.toSeconds()
				+ " s after " + this.warmUp.toMillis() + " ms warm-up";
	}

	@Override
	public Result run(ServerProcess server, WsClient client) throws Exception {
		Result result = new Result();
		Loop loop = new Loop();
		List<URI> uris = new ArrayList<>();
		for (int i = 0; i < this.connections; i++) {
			uris.add(server.ws("/echo/" + i));
		}
		WsClient.Opened opened = client.connectAll(uris, 64, loop, TIMEOUT);
		result.expect("failed handshakes", opened.failures(), 0);
		List<Pinger> pingers = new ArrayList<>();
		for (int i = 0; i < opened.connections().size(); i++) {
			pingers.add(new Pinger(opened.connections().get(i), payload(i), loop));
		}
		pingers.forEach(Pinger::send);
		Thread.sleep(this.warmUp.toMillis());
		loop.measuring = true;
		Result.Window window = new Result.Window(server);
		Thread.sleep(this.duration.toMillis());
		loop.measuring = false;
		window.end();
		loop.stopped = true;
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (pingers.stream().anyMatch((pinger) -> pinger.waiting) && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		window.report(result, loop.measured.get(), "round trip");
		result.put("p50 µs", loop.latencies.percentile(50) / 1e3);
		result.put("p99 µs", loop.latencies.percentile(99) / 1e3);
		result.put("wrong replies", loop.wrong.get());
		result.expect("wrong replies", loop.wrong.get(), 0);
		result.expect("replies still missing", pingers.stream().filter((pinger) -> pinger.waiting).count(), 0);
		if (loop.measured.get() == 0) {
			result.problem("no round trip completed");
		}
		WsClient.closeAll(opened.connections(), TIMEOUT);
		return result;
	}

	private byte[] payload(int connection) {
		byte[] payload = new byte[this.bytes];
		Arrays.fill(payload, (byte) 'x');
		byte[] id = ("echo-" + connection + ":").getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(id, 0, payload, 0, Math.min(id.length, payload.length));
		return payload;
	}

	private static final class Loop implements WsClient.Listener {

		private final Latencies latencies = new Latencies();

		private final AtomicLong measured = new AtomicLong();

		private final AtomicLong wrong = new AtomicLong();

		private volatile boolean measuring;

		private volatile boolean stopped;

		@Override
		public void onText(WsClient.Connection connection, ByteBuf text) {
			if (connection.attachment() instanceof Pinger pinger) {
				pinger.received(text);
			}
		}

	}

	private static final class Pinger {

		private final WsClient.Connection connection;

		private final byte[] payload;

		private final ByteBuf expected;

		private final Loop loop;

		private long sentAt;

		private volatile boolean waiting;

		Pinger(WsClient.Connection connection, byte[] payload, Loop loop) {
			this.connection = connection;
			this.payload = payload;
			this.expected = Unpooled.wrappedBuffer(payload);
			this.loop = loop;
			connection.attach(this);
		}

		void send() {
			this.waiting = true;
			this.sentAt = System.nanoTime();
			this.connection.send(this.payload);
		}

		void received(ByteBuf text) {
			long latency = System.nanoTime() - this.sentAt;
			if (!ByteBufUtil.equals(text, this.expected)) {
				this.loop.wrong.incrementAndGet();
			}
			if (this.loop.measuring) {
				this.loop.measured.incrementAndGet();
				this.loop.latencies.record(latency);
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
