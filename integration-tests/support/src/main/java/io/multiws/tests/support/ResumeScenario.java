package io.multiws.tests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import io.multiws.test.WsTestConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One reconnect of a reader into a busy room, as a client on the other side of the wire
 * sees it: a reader, a watcher and a writer join; the writer sends; the reader leaves; a
 * second writer joins and sends while it is away; the reader comes back. What comes back
 * must be exactly what it missed, in order, then the presence state, then live traffic:
 * nothing missing, nothing twice, nothing out of order. Random pauses between the steps
 * move the interleavings around from one run to the next.
 * <p>
 * The two sides may be two instances of a cluster: the reader leaves from the first and
 * comes back on the second, where the second writer is.
 *
 * @author multi-ws team
 */
public final class ResumeScenario {

	private static final String PRESENCE = "{\"presence\":";

	private static final String STATE = "{\"presence\":\"state\"";

	private final Function<String, WsTestConnection> first;

	private final Function<String, WsTestConnection> second;

	private final Kind kind;

	/**
	 * Create a scenario.
	 * @param first connects on the side the reader leaves from
	 * @param second connects on the side the reader comes back to
	 * @param kind what the endpoint keeps and what the reader sends when it comes back
	 */
	public ResumeScenario(Function<String, WsTestConnection> first, Function<String, WsTestConnection> second,
			Kind kind) {
		this.first = first;
		this.second = second;
		this.kind = kind;
	}

	/**
	 * Run the scenario once in a room of its own.
	 * @param room the hub path, unique to this run
	 * @return how long the reader waited, from its upgrade to the last frame it was owed
	 */
	public Duration run(String room) {
		List<WsTestConnection> connections = new ArrayList<>();
		try {
			return run(room, connections);
		}
		finally {
			connections.forEach(WsTestConnection::abort);
		}
	}

	private Duration run(String room, List<WsTestConnection> connections) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		WsTestConnection reader = track(connections, this.first.apply(room + "?user=reader"));
		WsTestConnection watcher = track(connections, this.first.apply(room + "?user=watcher"));
		pause(random);
		WsTestConnection writerA = track(connections, this.first.apply(room + "?user=writerA"));
		pause(random);
		int before = 1 + random.nextInt(6);
		for (int i = 0; i < before; i++) {
			writerA.sendText("a" + i);
			pause(random);
		}
		String lastSeen = null;
		for (int i = 0; i < before; i++) {
			String frame = nextBroadcast(reader);
			assertThat(payload(frame)).as("reader's live broadcast %d in %s", i, room).isEqualTo("a" + i);
			lastSeen = frame;
			assertThat(payload(nextBroadcast(watcher))).as("watcher's live broadcast %d in %s", i, room)
				.isEqualTo("a" + i);
		}
		if (random.nextBoolean()) {
			reader.close();
		}
		else {
			reader.abort();
		}
		pause(random);
		WsTestConnection writerB = track(connections, this.second.apply(room + "?user=writerB"));
		pause(random);
		int missed = 1 + random.nextInt(8);
		List<String> sentWhileAway = new ArrayList<>();
		for (int i = 0; i < missed; i++) {
			writerB.sendText("b" + i);
			pause(random);
		}
		// Every one is in the room's history once the watcher has it
		for (int i = 0; i < missed; i++) {
			String frame = nextBroadcast(watcher);
			assertThat(payload(frame)).as("watcher's broadcast %d in %s", i, room).isEqualTo("b" + i);
			sentWhileAway.add(frame);
		}
		pause(random);
		List<String> owed = owed(before, sentWhileAway);
		long start = System.nanoTime();
		WsTestConnection back = track(connections, this.second.apply(room + "?user=reader" + resumeQuery(lastSeen)));
		List<String> received = new ArrayList<>();
		for (int i = 0; i < owed.size(); i++) {
			received.add(back.awaitText());
		}
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		assertOwed(received, owed, room);
		writerA.sendText("after");
		assertThat(payload(nextBroadcast(back))).as("the reader's next broadcast in %s: live, once, after its replay",
				room)
			.isEqualTo("after");
		return waited;
	}

	private static WsTestConnection track(List<WsTestConnection> connections, WsTestConnection connection) {
		connections.add(connection);
		return connection;
	}

	private String resumeQuery(String lastSeen) {
		return switch (this.kind) {
			case RESUME, RESUME_WITHOUT_PRESENCE -> "&lastEventId=" + idOf(lastSeen);
			case BOGUS_ID -> "&lastEventId=bogus";
			case JOIN, JOIN_WITHOUT_IDS -> "";
		};
	}

	/**
	 * Return what a reader that comes back is owed, in order; {@code *} stands for the
	 * frames only their kind is known of.
	 */
	private List<String> owed(int before, List<String> sentWhileAway) {
		List<String> owed = new ArrayList<>();
		if (this.kind == Kind.BOGUS_ID) {
			owed.add("gap:*");
		}
		if (this.kind != Kind.RESUME && this.kind != Kind.RESUME_WITHOUT_PRESENCE) {
			for (int i = 0; i < before; i++) {
				owed.add("a" + i);
			}
		}
		sentWhileAway.forEach((frame) -> owed.add(payload(frame)));
		if (this.kind != Kind.RESUME_WITHOUT_PRESENCE) {
			owed.add(STATE + "*");
		}
		return owed;
	}

	private void assertOwed(List<String> frames, List<String> owed, String room) {
		long previousId = 0;
		for (int i = 0; i < owed.size(); i++) {
			String frame = frames.get(i);
			String expected = owed.get(i);
			if (expected.endsWith("*")) {
				assertThat(frame).as("frame %d of %s in %s", i, frames, room)
					.startsWith(expected.substring(0, expected.length() - 1));
				continue;
			}
			assertThat(payload(frame)).as("frame %d of %s in %s", i, frames, room).isEqualTo(expected);
			if (this.kind != Kind.JOIN_WITHOUT_IDS) {
				long id = idOf(frame);
				assertThat(id).as("ids in order in %s: %s", room, frames).isGreaterThan(previousId);
				previousId = id;
			}
		}
		if (this.kind == Kind.RESUME || this.kind == Kind.RESUME_WITHOUT_PRESENCE) {
			assertThat(idOf(frames.get(0))).as("the replay starts right after the last id seen").isNotZero();
		}
	}

	private String nextBroadcast(WsTestConnection connection) {
		while (true) {
			String frame = connection.awaitText();
			if (!frame.startsWith(PRESENCE)) {
				return frame;
			}
		}
	}

	private String payload(String frame) {
		if (this.kind == Kind.JOIN_WITHOUT_IDS || frame.startsWith(PRESENCE)) {
			return frame;
		}
		int colon = frame.indexOf(':');
		return (colon > 0) ? frame.substring(colon + 1) : frame;
	}

	private static long idOf(String frame) {
		int colon = frame.indexOf(':');
		try {
			return Long.parseLong(frame.substring(0, colon));
		}
		catch (RuntimeException ex) {
			throw new AssertionError("Not a frame with a message id: " + frame, ex);
		}
	}

	private static void pause(ThreadLocalRandom random) {
		// Part of the scenario, not synchronisation: the interleavings move with it
		int micros = random.nextInt(4) == 0 ? 0 : random.nextInt(15_000);
		LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(micros));
	}

	/**
	 * What the endpoint keeps and what the reader sends when it comes back.
	 */
	public enum Kind {

		/**
		 * History, ids and presence; the reader resumes from the last id it saw.
		 */
		RESUME,

		/**
		 * History and ids without presence; the reader resumes from the last id it saw.
		 */
		RESUME_WITHOUT_PRESENCE,

		/**
		 * History, ids and presence; the reader comes back with an id that is not one:
		 * a gap, then the whole history.
		 */
		BOGUS_ID,

		/**
		 * History, ids and presence; the reader comes back without an id: the whole
		 * history.
		 */
		JOIN,

		/**
		 * History and presence without ids; the reader comes back: the whole history.
		 */
		JOIN_WITHOUT_IDS

	}

}
