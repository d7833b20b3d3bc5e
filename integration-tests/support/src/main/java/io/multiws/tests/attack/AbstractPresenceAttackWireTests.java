package io.multiws.tests.attack;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.multiws.hub.WsHubs;
import io.multiws.tests.app.WireTestApplication;
import io.multiws.tests.attack.RawCrowd.Member;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients crowd into one presence room, one after the other. Each joiner is sent who is
 * there, and everyone there is told who came: told of each join apart, a room of n
 * members takes n²/2 frames to fill (2 million for 2 000). With joins close together told
 * in one diff per tick of the registry (250 ms), each member takes a frame per tick,
 * however many joined in it; and nobody's outbound buffer overflows. The state each
 * joiner is sent lists everyone there, so the bytes of filling a room grow with the
 * square of its size whatever the server does; the CPU time of filling one is printed,
 * as a figure, not asserted (the clients, in this JVM, decode every byte of it too).
 * The clients are raw sockets read by one thread (see {@link RawCrowd}). Each web stack
 * runs it through a subclass.
 *
 * @author multi-ws team
 */
@SpringBootTest(classes = WireTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "multi-ws.endpoints.presence.presence.enabled=true",
				"multi-ws.endpoints.presence.presence.push-diffs=true",
				"multi-ws.endpoints.presence.presence.anonymous-view=full" })
public abstract class AbstractPresenceAttackWireTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	/**
	 * The registry's tick, by which presence diffs are coalesced.
	 */
	private static final Duration PRESENCE_TICK = Duration.ofMillis(250);

	private static final JsonMapper json = new JsonMapper();

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	@Test
	void fillingARoomTellsEachMemberOfTheJoinsOncePerTickAndOverflowsNobody() throws Exception {
		fill("/presence/warm-up", 300).close();
		awaitEmpty();
		RawCrowd smallRoom = fill("/presence/small", 500);
		smallRoom.close();
		awaitEmpty();
		try (RawCrowd largeRoom = fill("/presence/large", 2000)) {
			System.out.printf("Presence fill: 2 000 joins took %d ms of CPU (%d ms), 500 took %d ms (%d ms)%n",
					largeRoom.cpuNanos() / 1_000_000, largeRoom.elapsedNanos() / 1_000_000,
					smallRoom.cpuNanos() / 1_000_000, smallRoom.elapsedNanos() / 1_000_000);
			assertThat(this.hubs.sessionCount("/presence/large")).isEqualTo(2000);
			List<Member> members = largeRoom.members();
			Set<String> everyone = new HashSet<>();
			for (int i = 0; i < 2000; i++) {
				everyone.add("u" + i);
			}
			assertThat(membersKnownBy(members.get(0), everyone.size())).as("the first joiner is told of everyone")
				.isEqualTo(everyone);
			assertThat(membersKnownBy(members.get(1999), everyone.size())).as("the last joiner too")
				.isEqualTo(everyone);
			assertThat(members).as("no joiner closed (for overflow or any reason) nor sent a bad frame")
				.allMatch((member) -> member.closeCode() == -1 && member.failure() == null);
			long ticks = largeRoom.sinceStartNanos() / PRESENCE_TICK.toNanos() + 2;
			assertThat(largeRoom.texts())
				.as("frames the 2 000 members received in %d ticks: a state each, and at most a diff each per tick",
						ticks)
				.isLessThanOrEqualTo(2 * 2000 * ticks);
		}
	}

	/**
	 * Join a room with one client after the other, each once the previous one had its
	 * state; the first and last keep what they receive.
	 */
	private RawCrowd fill(String path, int joiners) throws IOException {
		RawCrowd crowd = new RawCrowd(this.port);
		for (int i = 0; i < joiners; i++) {
			Member member = crowd.join(path + "?user=u" + i, i == 0 || i == joiners - 1);
			String first;
			try {
				first = member.firstText().get(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new AssertionError("joiner " + i + " of " + path + " had no state: " + member, ex);
			}
			assertThat(first).as("the first frame of joiner %d", i).startsWith("{\"presence\":\"state\"");
		}
		crowd.filled();
		return crowd;
	}

	/**
	 * Apply every presence frame a client received, in order, once it knows of a number
	 * of members.
	 */
	private static Set<String> membersKnownBy(Member member, int expected) {
		await("the client knows of " + expected + " members").atMost(WAIT)
			.until(() -> membersKnownBy(member).size() >= expected);
		return membersKnownBy(member);
	}

	private static Set<String> membersKnownBy(Member member) {
		Set<String> known = new HashSet<>();
		for (String frame : member.texts()) {
			Map<String, Object> presence = presence(frame);
			if ("state".equals(presence.get("presence"))) {
				known.clear();
				known.addAll(keys(presence.get("members")));
			}
			else {
				known.addAll(keys(presence.get("joins")));
				known.removeAll(keys(presence.get("leaves")));
			}
		}
		return known;
	}

	private static List<String> keys(Object members) {
		return ((List<?>) members).stream().map((member) -> (String) ((Map<?, ?>) member).get("key")).toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> presence(String frame) {
		return json.readValue(frame, Map.class);
	}

	private void awaitEmpty() {
		await("every room emptied").atMost(WAIT).until(() -> this.hubs.count() == 0);
	}

}
