package io.multiws.sample.poll;

import java.util.Map;
import java.util.TreeMap;

import io.multiws.annotation.OnError;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.OnOpen;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHub;

import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /polls/{poll}}: a typed JSON endpoint. Clients send {@link Vote}s; every voter
 * of the poll receives the new {@link Tally}. The tally lives in the hub's attributes, so
 * it lasts as long as someone is connected.
 *
 * @author multi-ws team
 */
@WsEndpoint(name = "polls", paths = "/polls/{poll}")
public class PollEndpoint {

	private static final String TALLY = "tally";

	@OnOpen
	Tally onOpen(WsHub hub, @PathVariable String poll) {
		Map<String, Integer> votes = votes(hub);
		synchronized (votes) {
			return new Tally(poll, Map.copyOf(votes));
		}
	}

	@OnMessage
	void onVote(WsHub hub, @PathVariable String poll, Vote vote) {
		Map<String, Integer> votes = votes(hub);
		synchronized (votes) {
			votes.merge(vote.option(), 1, Integer::sum);
			hub.broadcast(new Tally(poll, Map.copyOf(votes)));
		}
	}

	@OnError
	Problem onError(Throwable error) {
		return new Problem("Send a vote such as {\"option\":\"yes\"}");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Integer> votes(WsHub hub) {
		return (Map<String, Integer>) hub.attributes().computeIfAbsent(TALLY, (key) -> new TreeMap<>());
	}

	/**
	 * A vote.
	 *
	 * @param option the chosen option
	 */
	public record Vote(String option) {

	}

	/**
	 * The votes of a poll.
	 *
	 * @param poll the poll
	 * @param votes votes per option
	 */
	public record Tally(String poll, Map<String, Integer> votes) {

	}

	/**
	 * A message for a client that sent something that is not a vote.
	 *
	 * @param error what to send instead
	 */
	public record Problem(String error) {

	}

}
