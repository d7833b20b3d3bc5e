package io.multiws.benchmarks.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code fanout}: S subscribers and one publisher in one room; the publisher keeps at most
 * M messages in flight (a message is done when every member of the room, the publisher
 * included, has it). Deliveries per second, p50 and p99 delivery latency (the send time
 * travels in the payload), and per member a check of the sequence numbers: nothing lost,
 * nothing duplicated, nothing out of order.
 *
 * @author multi-ws team
 */
final class FanoutScenario implements Scenario {

	private static final AtomicInteger RUNS = new AtomicInteger();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int RING = 1 << 16;

	private final int subscribers;

	private final int window;

	private final int bytes;

	private final Duration warmUp;

	private final Duration duration;

	FanoutScenario(int subscribers, int window, int bytes, Duration warmUp, Duration duration) {
		this.subscribers = subscribers;
		this.window = window;
		this.bytes = bytes;
		this.warmUp = warmUp;
		this.duration = duration;
	}

	@Override
	public String name() {
		return "fanout";
	}

	@Override
	public String description() {
		return this.subscribers + " subscribers + the publisher in one room, window of " + this.window + " messages, "
				+ this.bytes + "-byte text, " + this.duration.toSeconds() + " s after " + this.warmUp.toMillis()
				+ " ms warm-up";
	}

	@Override
	public Result run(ServerProcess server, WsClient client) throws Exception {
		Result result = new Result();
		String room = "/rooms/fanout-" + RUNS.incrementAndGet();
		int members = this.subscribers + 1;
		FanoutRoom listener = new FanoutRoom(members, RING, new Latencies());
		List<URI> uris = Collections.nCopies(members, server.ws(room));
		WsClient.Opened opened = client.connectAll(uris, 64, listener, TIMEOUT);
		result.expect("failed handshakes", opened.failures(), 0);
		if (opened.failures() > 0 || !server.awaitSessions(members, TIMEOUT)) {
			result.problem("room " + room + " did not reach " + members + " sessions");
			WsClient.closeAll(opened.connections(), TIMEOUT);
			return result;
		}
		List<SequenceCheck> all = new ArrayList<>();
		for (WsClient.Connection connection : opened.connections()) {
			SequenceCheck member = new SequenceCheck();
			connection.attach(member);
			all.add(member);
		}
		FanoutPublisher publisher = new FanoutPublisher(opened.connections().get(0), listener, this.window,
				this.bytes);
		listener.publisher(publisher);
		publisher.kick();
		Thread.sleep(this.warmUp.toMillis());
		listener.measuring(true);
		Result.Window measured = new Result.Window(server);
		Thread.sleep(this.duration.toMillis());
		listener.measuring(false);
		measured.end();
		publisher.stop();
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (listener.completed() < publisher.published() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		long published = publisher.published();
		measured.report(result, listener.deliveries(), "delivery");
		result.put("messages/s", listener.deliveries() / (double) members / measured.seconds());
		result.put("p50 µs", listener.latencies().percentile(50) / 1e3);
		result.put("p99 µs", listener.latencies().percentile(99) / 1e3);
		long lost = all.stream().mapToLong((member) -> member.lost(published)).sum();
		long duplicated = all.stream().mapToLong(SequenceCheck::duplicated).sum();
		result.put("lost", lost);
		result.put("duplicated", duplicated);
		result.expect("messages lost", lost, 0);
		result.expect("messages duplicated or out of order", duplicated, 0);
		if (listener.deliveries() == 0) {
			result.problem("no message delivered");
		}
		WsClient.closeAll(opened.connections(), TIMEOUT);
		return result;
	}

}
