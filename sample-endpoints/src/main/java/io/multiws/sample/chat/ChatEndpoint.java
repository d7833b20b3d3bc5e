package io.multiws.sample.chat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.multiws.annotation.OnHandshake;
import io.multiws.annotation.OnMessage;
import io.multiws.annotation.WsEndpoint;
import io.multiws.hub.WsHandshake;
import io.multiws.hub.WsHub;
import io.multiws.hub.WsPresence;
import io.multiws.hub.WsReplyException;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /chat/{room}?name=alice}: a chat room whose last 50 messages are kept
 * ({@code multi-ws.endpoints.chat.history}), with message ids so that a client that
 * reconnects with {@code lastEventId} misses nothing, and presence by name, pushed to the
 * page. Each message is broadcast as JSON: {@code {"from":"alice","text":"hi","at":...}}.
 * With replies on ({@code multi-ws.endpoints.chat.replies}) the page sends each message as
 * a request, acknowledged once broadcast, and commands: {@code /time} is answered at once,
 * {@code /wait <seconds>} after that long (to see a request time out in the page).
 *
 * @author multi-ws team
 */
@WsEndpoint(name = "chat", paths = "/chat/{room}")
public class ChatEndpoint {

	private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{1,32}");

	private static final Pattern WAIT = Pattern.compile("/wait (\\d{1,2})");

	@OnHandshake
	void handshake(WsHandshake handshake, @RequestParam(name = "name", required = false) @Nullable String name) {
		if (name != null && !NAME.matcher(name).matches()) {
			handshake.reject(HttpStatus.BAD_REQUEST,
					"name must be 1 to 32 letters, digits, spaces, '.', '_' or '-'");
			return;
		}
		String nick = (name != null) ? name : "guest-" + UUID.randomUUID().toString().substring(0, 4);
		handshake.attributes().put(WsPresence.KEY_ATTRIBUTE, nick);
		handshake.attributes().put(WsPresence.METADATA_ATTRIBUTE, Map.of("name", nick));
	}

	@OnMessage
	@Nullable CompletionStage<String> onMessage(WsHub hub, WsSession session, String text) {
		if (text.startsWith("/")) {
			return command(text);
		}
		hub.broadcast(new ChatMessage((String) session.attributes().get(WsPresence.KEY_ATTRIBUTE), text,
				Instant.now()));
		return null;
	}

	private static CompletionStage<String> command(String text) {
		if (text.equals("/time")) {
			return CompletableFuture.completedFuture("server time " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
		}
		Matcher wait = WAIT.matcher(text);
		if (wait.matches()) {
			int seconds = Integer.parseInt(wait.group(1));
			return CompletableFuture.supplyAsync(() -> "waited " + seconds + " s",
					CompletableFuture.delayedExecutor(seconds, TimeUnit.SECONDS));
		}
		String name = text.split(" ", 2)[0];
		throw new WsReplyException(
				"Unknown command " + name.substring(0, Math.min(name.length(), 32)) + ": try /time or /wait 10");
	}

	/**
	 * A chat message as broadcast.
	 *
	 * @param from the sender's name
	 * @param text the text
	 * @param at when the server received it
	 */
	public record ChatMessage(String from, String text, Instant at) {

	}

}
