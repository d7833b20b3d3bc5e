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
 * Clients crowd into one presence room. Each joiner is sent who is there, and everyone
 * there is told who came: encoding the member list for each joiner and telling each
 * member of each join apart costs a room of n members O(n) per join, O(n²) to fill. With
 * the state encoded once per diff and shared, and joins close together told in one diff
 * per tick, filling a room of 2 000 costs about four times as much as a room of 500,
 * and nobody's outbound buffer overflows. The clients are raw sockets read by one thread (see
 * {@link RawCrowd}). Each web stack runs it through a subclass.
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
	 * How much more than linear filling the large room may cost: an implementation
	 * quadratic in the room's size costs about twice as much again. What is compared is
	 * the CPU time of this JVM, where the server and the clients run, rather than the
	 * time on the clock, which other processes on a loaded machine stretch at random; and
	 * of each size the cheaper of two fills, as a collection or a compilation that falls in
	 * one of them is counted too.
	 */
	private static final double SLACK = 2;

	private static final JsonMapper json = new JsonMapper();

	@LocalServerPort
	protected int port;

	@Autowired
	protected WsHubs hubs;

	@Test
	void fillingARoomTakesTimeInProportionToItsSize() throws Exception {
		fill("/presence/warm-up", 300).close();
		awaitEmpty();
		long small = Long.MAX_VALUE;
		long smallElapsed = 0;
		for (int attempt = 0; attempt < 2; attempt++) {
			RawCrowd smallRoom = fill("/presence/small-" + attempt, 500);
			smallRoom.close();
			awaitEmpty();
			if (smallRoom.cpuNanos() < small) {
				small = smallRoom.cpuNanos();
				smallElapsed = smallRoom.elapsedNanos();
			}
		}
		RawCrowd firstLargeRoom = fill("/presence/large-0", 2000);
		firstLargeRoom.close();
		awaitEmpty();
		try (RawCrowd largeRoom = fill("/presence/large", 2000)) {
			long large = Math.min(firstLargeRoom.cpuNanos(), largeRoom.cpuNanos());
			double ratio = (double) large / small;
			String figures = String.format("2 000 joins took %d ms of CPU (%d ms), 500 took %d ms (%d ms): %.1fx",
					large / 1_000_000, largeRoom.elapsedNanos() / 1_000_000, small / 1_000_000,
					smallElapsed / 1_000_000, ratio);
			System.out.println("Presence fill: " + figures);
			assertThat(ratio).as(figures).isLessThan(4 * SLACK);
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
