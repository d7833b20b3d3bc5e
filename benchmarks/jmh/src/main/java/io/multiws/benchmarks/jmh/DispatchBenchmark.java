package io.multiws.benchmarks.jmh;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.multiws.annotation.OnMessage;
import io.multiws.core.DefaultWsSession;
import io.multiws.sample.echo.EchoEndpoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * One inbound text message, from the container's {@link TextMessage} to user code: an
 * annotated {@code @OnMessage} method through {@link DefaultWsSession#received(String)}
 * against a plain {@link TextWebSocketHandler}. {@code consume} only reads the text;
 * {@code echo} also sends it back (the sample's {@code EchoEndpoint}, and a handler that
 * calls {@code session.sendMessage}).
 *
 * @author multi-ws team
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DispatchBenchmark {

	private static final String TEXT = "x".repeat(64);

	private final ConsumingEndpoint consumingEndpoint = new ConsumingEndpoint();

	private final ConsumingHandler consumingHandler = new ConsumingHandler();

	private final EchoHandler echoHandler = new EchoHandler();

	private final CountingWebSocketSession plainSession = new CountingWebSocketSession("1",
			URI.create("ws://localhost/echo/1"));

	private DefaultWsSession echoSession;

	private DefaultWsSession consumingSession;

	@Setup(Level.Trial)
	public void openSessions() {
		MultiWsRuntime runtime = new MultiWsRuntime(Map.of("echo",
				new MultiWsRuntime.Endpoint("/echo/{id}", new EchoEndpoint()), "consume",
				new MultiWsRuntime.Endpoint("/consume/{id}", this.consumingEndpoint)));
		this.echoSession = runtime.open("/echo/1");
		this.consumingSession = runtime.open("/consume/1");
	}

	@Benchmark
	public int annotatedConsume() {
		this.consumingSession.received(new TextMessage(TEXT).getPayload());
		return this.consumingEndpoint.length;
	}

	@Benchmark
	public int plainConsume() throws Exception {
		this.consumingHandler.handleMessage(this.plainSession, new TextMessage(TEXT));
		return this.consumingHandler.length;
	}

	@Benchmark
	public void annotatedEcho() {
		this.echoSession.received(new TextMessage(TEXT).getPayload());
	}

	@Benchmark
	public void plainEcho() throws Exception {
		this.echoHandler.handleMessage(this.plainSession, new TextMessage(TEXT));
	}

	/**
	 * An annotated endpoint that only reads the text.
	 */
	public static class ConsumingEndpoint {

		int length;

		@OnMessage
		void onMessage(String text) {
			this.length += text.length();
		}

	}

	static class ConsumingHandler extends TextWebSocketHandler {

		int length;

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			this.length += message.getPayload().length();
		}

	}

	static class EchoHandler extends TextWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
			session.sendMessage(message);
		}

	}

}
